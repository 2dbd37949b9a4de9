import CrescentReport
import Testing

@Suite struct TextTableTests {
    @Test func wideCharactersEmojiAndColourKeepColumnsAligned() {
        #expect(TextTable.width("王伟") == 4 && TextTable.width("Ann") == 3 && TextTable.width("🚀") == 2)
        #expect(TextTable.width("\u{1B}[32m▲ 5%\u{1B}[0m") == 4)
        var table = TextTable(["name", "revenue"], rightAligned: [1])
        table.add(["王伟", thousands(1234567.5)])
        table.add(["Ann 🚀", "12.00"])
        #expect(table.render() == """
            name         revenue
            王伟    1,234,567.50
            Ann 🚀         12.00

            """)
    }
}
