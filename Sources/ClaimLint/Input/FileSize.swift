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

/// Which file a path names, links followed: its device and inode, or standard input for `-`;
/// nil when the path names no file.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        if path == "-" {
            (device, inode) = (.max, .max)
            return
        }
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        (device, inode) = (UInt64(st.st_dev), UInt64(st.st_ino))
    }
}
