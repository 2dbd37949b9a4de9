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

/// Every sheet of `workbook` as LibreOffice (headless) saves it to CSV (UTF-8, values as stored):
/// sheet name → text.
public func sheetsAsLibreOfficeCSV(_ workbook: String, in folder: String) throws -> [String: String] {
    let output = folder + "/lo-csv-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["soffice", "-env:UserInstallation=file://\(folder)/lo-profile", "--headless", "--convert-to",
                         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", output, workbook]
    process.standardOutput = Pipe()
    process.standardError = Pipe()
    try process.run()
    process.waitUntilExit()
    let base = URL(fileURLWithPath: workbook).deletingPathExtension().lastPathComponent + "-"
    var sheets: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: output) where name.hasPrefix(base) && name.hasSuffix(".csv") {
        let sheet = String(name.dropFirst(base.count).dropLast(4))
        sheets[sheet] = try String(contentsOfFile: output + "/" + name, encoding: .utf8)
    }
    guard process.terminationStatus == 0, !sheets.isEmpty else { throw ToolFailed(message: "soffice could not read \(workbook)") }
    return sheets
}
