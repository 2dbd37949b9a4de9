/// The fixed parts of a written workbook: content types, relationships and the sheet list.
enum PackageParts {
    private static let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(sheets: Int) -> String {
        head + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + (1...sheets).map {
                #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            }.joined() + "</Types>"
    }

    static let packageRelationships = head + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(officeRelationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#

    static func workbook(sheetNames: [String]) -> String {
        head + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="\#(officeRelationships)"><sheets>"#
            + sheetNames.enumerated().map { #"<sheet name="\#(xmlEscaped($1))" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"# }.joined()
            + "</sheets></workbook>"
    }

    static func workbookRelationships(sheets: Int) -> String {
        head + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + (1...sheets).map { #"<Relationship Id="rId\#($0)" Type="\#(officeRelationships)/worksheet" Target="worksheets/sheet\#($0).xml"/>"# }
            .joined()
            + #"<Relationship Id="rId\#(sheets + 1)" Type="\#(officeRelationships)/styles" Target="styles.xml"/></Relationships>"#
    }
}
