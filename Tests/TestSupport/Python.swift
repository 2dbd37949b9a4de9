import Foundation

/// Runs `script` with Debian's python3 (where apt's python3-openpyxl is), else the first on PATH;
/// throws with its error output when it fails.
public func runPython(_ script: String, _ arguments: [String] = [], input: String? = nil) throws {
    let process = Process()
    let debian = "/usr/bin/python3"
    process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: debian) ? debian : "/usr/bin/env")
    process.arguments = (process.executableURL?.path == debian ? [] : ["python3"]) + ["-c", script] + arguments
    let errors = Pipe(), stdin = Pipe()
    process.standardError = errors
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let said = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ToolFailed(message: "python3: " + String(decoding: said, as: UTF8.self)) }
}

public struct ToolFailed: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Converts `file` with LibreOffice (headless) to `format` (`xlsx`, `csv`) in `folder`; returns the new file's path.
/// A CSV file is read as UTF-8 with commas.
public func convertWithLibreOffice(_ file: String, to format: String, in folder: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // A profile of its own: a LibreOffice already running for the user would otherwise take the job.
    let profile = "file://" + folder + "/lo-profile"
    process.arguments = ["soffice", "-env:UserInstallation=\(profile)", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", format, "--outdir", folder, file]
    process.standardOutput = Pipe()
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let said = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let output = folder + "/" + base + "." + (format.split(separator: ":").first.map(String.init) ?? format)
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: output) else {
        throw ToolFailed(message: "soffice could not convert \(file): " + String(decoding: said, as: UTF8.self))
    }
    return output
}
