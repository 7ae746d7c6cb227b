/// An XLSX workbook written sheet by sheet and row by row, for a table too big to build in memory: each call
/// returns the bytes to send next (the parts of `TableExport`'s workbook, with as many sheets as asked, the sheets'
/// XML streamed through `ZipStream`). The rows look exactly as `TableExport` writes them.
public struct StreamingWorkbook: Sendable {
    let sheetNames: [String]
    var zip = ZipStream()
    var sheet = 0
    var nextRow = 1

    public init(sheetNames: [String]) { self.sheetNames = sheetNames.map(TableExport.safeSheetName) }

    /// The package parts before the sheets: content types, relationships, workbook, styles.
    public mutating func start() -> [UInt8] {
        var out = zip.file("[Content_Types].xml", contentTypes)
        out += zip.file("_rels/.rels", TableExport.rootRels)
        out += zip.file("xl/workbook.xml", workbook)
        out += zip.file("xl/_rels/workbook.xml.rels", workbookRels)
        out += zip.file("xl/styles.xml", TableExport.styles)
        return out
    }

    /// Opens the next sheet.
    public mutating func beginSheet() -> [UInt8] {
        sheet += 1
        nextRow = 1
        return zip.begin("xl/worksheets/sheet\(sheet).xml")
            + zip.write(Array((TableExport.xmlHead + "<worksheet xmlns=\"\(TableExport.main)\"><sheetData>").utf8))
    }

    /// Rows of the open sheet, numbered on from the last.
    public mutating func rows(_ rows: [[TableValue]], header: Bool = false) -> [UInt8] {
        var xml = ""
        for row in rows {
            xml += TableExport.row(nextRow, row, header: header)
            nextRow += 1
        }
        return zip.write(Array(xml.utf8))
    }

    /// Closes the open sheet.
    public mutating func endSheet() -> [UInt8] {
        zip.write(Array("</sheetData></worksheet>".utf8)) + zip.end()
    }

    /// The central directory: the workbook is complete.
    public mutating func finish() -> [UInt8] { zip.finish() }

    var contentTypes: String {
        TableExport.xmlHead
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + sheetNames.indices.map {
                "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            }.joined()
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
            + "</Types>"
    }

    var workbook: String {
        TableExport.xmlHead + "<workbook xmlns=\"\(TableExport.main)\" xmlns:r=\"\(TableExport.rel)\"><sheets>"
            + sheetNames.enumerated().map { i, name in
                "<sheet name=\"\(TableExport.xmlEscaped(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            }.joined() + "</sheets></workbook>"
    }

    var workbookRels: String {
        TableExport.xmlHead + "<Relationships xmlns=\"\(TableExport.pkgRel)\">"
            + sheetNames.indices.map {
                "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(TableExport.rel)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
            }.joined()
            + "<Relationship Id=\"rId\(sheetNames.count + 1)\" Type=\"\(TableExport.rel)/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
    }
}
