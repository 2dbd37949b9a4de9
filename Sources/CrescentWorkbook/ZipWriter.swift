import CZip
import Foundation

/// A ZIP archive written with libzip: entries from memory or from files, deflated, written out on `close`.
final class ZipWriter {
    private let archive: OpaquePointer
    private let path: String

    init(path: String) throws(WorkbookError) {
        self.path = path
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw WorkbookError(.file(path), Message("workbook.unwritable", ["reason": String(cString: zip_error_strerror(&error))]))
        }
        self.archive = archive
    }

    /// Adds `text` as entry `name`.
    func add(_ name: String, text: String) throws(WorkbookError) {
        let bytes = Array(text.utf8)
        // libzip frees the copy once the archive is written.
        let copy = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        guard let source = zip_source_buffer(archive, copy, zip_uint64_t(bytes.count), 1) else {
            free(copy)
            throw failure()
        }
        try add(name, source)
    }

    /// Adds the file at `file` as entry `name` (read when the archive is written).
    func add(_ name: String, file: String) throws(WorkbookError) {
        guard let source = zip_source_file(archive, file, 0, -1) else { throw failure() }
        try add(name, source)
    }

    private func add(_ name: String, _ source: OpaquePointer) throws(WorkbookError) {
        let index = zip_file_add(archive, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE))
        if index < 0 {
            zip_source_free(source)
            throw failure()
        }
        zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_DEFLATE, 6)
    }

    /// Writes the archive out.
    func close() throws(WorkbookError) {
        if zip_close(archive) != 0 {
            let error = failure()
            zip_discard(archive)
            throw error
        }
    }

    private func failure() -> WorkbookError {
        WorkbookError(.file(path), Message("workbook.unwritable", ["reason": String(cString: zip_strerror(archive))]))
    }
}
