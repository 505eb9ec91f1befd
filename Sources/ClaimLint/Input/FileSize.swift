#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The size in bytes of the file at `path`, following symbolic links (a link's own size, which
/// `FileManager.attributesOfItem` gives, is the length of the path it holds); 0 when it cannot
/// be read.
func fileSize(atPath path: String) -> Int {
    var st = stat()
    guard stat(path, &st) == 0 else { return 0 }
    return Int(exactly: st.st_size) ?? 0
}
