import CZip
import Foundation

/// A ZIP archive opened for reading with libzip: its entries by name, each read as a stream of bytes.
final class ZipArchive {
    private let archive: OpaquePointer
    let path: String

    /// Opens `path`; a file that is not a ZIP archive (not a workbook) or cannot be read throws.
    init(path: String) throws(WorkbookError) {
        self.path = path
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &code) else {
            if code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS {
                throw WorkbookError(.file(path), Message("workbook.not_zip"))
            }
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw WorkbookError(.file(path), Message("workbook.unreadable", ["reason": String(cString: zip_error_strerror(&error))]))
        }
        self.archive = archive
    }

    deinit { zip_discard(archive) }

    /// The index of the entry named `name` (case as written), or nil.
    private func index(of name: String) -> zip_uint64_t? {
        let index = zip_name_locate(archive, name, 0)
        return index < 0 ? nil : zip_uint64_t(index)
    }

    func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// The uncompressed size of an entry.
    func size(of name: String) -> Int? {
        guard let index = index(of: name) else { return nil }
        var stat = zip_stat_t()
        guard zip_stat_index(archive, index, 0, &stat) == 0, stat.valid & zip_uint64_t(ZIP_STAT_SIZE) != 0 else { return nil }
        return Int(stat.size)
    }

    /// A stream over the entry's uncompressed bytes; nil when there is no such entry.
    func open(_ name: String) throws(WorkbookError) -> ZipEntryStream? {
        guard let index = index(of: name) else { return nil }
        guard let file = zip_fopen_index(archive, index, 0) else {
            throw WorkbookError(.part(path, name), Message("workbook.unreadable", ["reason": archiveError]))
        }
        return ZipEntryStream(file: file, name: name, archivePath: path, owner: self)
    }

    /// The whole of a (small) entry; nil when there is no such entry.
    func read(_ name: String) throws(WorkbookError) -> [UInt8]? {
        guard let stream = try open(name) else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try stream.read(into: &chunk)
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    private var archiveError: String { String(cString: zip_strerror(archive)) }
}

/// One entry of an archive, read in order (inflated as it is read: never whole in memory).
final class ZipEntryStream {
    private let file: OpaquePointer
    let name: String
    private let archivePath: String
    /// Keeps the archive open while the entry is read.
    private let owner: ZipArchive
    /// Bytes read so far.
    private(set) var offset = 0

    fileprivate init(file: OpaquePointer, name: String, archivePath: String, owner: ZipArchive) {
        self.file = file
        self.name = name
        self.archivePath = archivePath
        self.owner = owner
    }

    deinit { zip_fclose(file) }

    /// Fills `buffer` from `start` on with the next bytes and says how many (0 at the end).
    func read(into buffer: inout [UInt8], at start: Int = 0) throws(WorkbookError) -> Int {
        let count = buffer.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress! + start, zip_uint64_t($0.count - start)) }
        if count < 0 {
            let reason = String(cString: zip_file_strerror(file))
            throw WorkbookError(.part(archivePath, name), Message("workbook.unreadable", ["reason": reason]))
        }
        offset += Int(count)
        return Int(count)
    }
}
