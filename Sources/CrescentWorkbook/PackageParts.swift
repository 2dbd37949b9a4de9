/// The fixed parts of a written workbook: content types, relationships and the sheet list.
enum PackageParts {
    private static let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"

    private static func override(_ part: String, _ type: String) -> String {
        #"<Override PartName="\#(part)" ContentType="\#(spreadsheet).\#(type)+xml"/>"#
    }

    static func contentTypes(sheets: Int) -> String {
        head + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + override("/xl/workbook.xml", "sheet.main") + override("/xl/styles.xml", "styles")
            + (1...sheets).map { override("/xl/worksheets/sheet\($0).xml", "worksheet") }.joined() + "</Types>"
    }

    static let packageRelationships = head + #"<Relationships xmlns="\#(packageRelationshipsNamespace)">"#
        + #"<Relationship Id="rId1" Type="\#(officeRelationships)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbook(sheetNames: [String]) -> String {
        head + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
            + #"xmlns:r="\#(officeRelationships)"><sheets>"#
            + sheetNames.enumerated().map { #"<sheet name="\#(xmlEscaped($1))" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"# }.joined()
            + "</sheets></workbook>"
    }

    private static func relationship(_ id: Int, _ type: String, _ target: String) -> String {
        #"<Relationship Id="rId\#(id)" Type="\#(officeRelationships)/\#(type)" Target="\#(target)"/>"#
    }

    static func workbookRelationships(sheets: Int) -> String {
        head + #"<Relationships xmlns="\#(packageRelationshipsNamespace)">"#
            + (1...sheets).map { relationship($0, "worksheet", "worksheets/sheet\($0).xml") }.joined()
            + relationship(sheets + 1, "styles", "styles.xml") + "</Relationships>"
    }
}
