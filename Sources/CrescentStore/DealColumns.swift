/// Every deal as the deals query reads it (`SalesSQL.deals`, grouped by rep), in stored order: what
/// the SQLite store keeps (KeptColumns) so that a funnel or a KPI of the company or by rep picks its
/// deals from arrays instead of walking an index to each row and sorting them back into order.
struct DealColumns: Sendable, Equatable {
    /// The ids' bytes one after the other and where each ends: decoded only for the deals picked.
    var idBytes: [UInt8] = [], idEnds: [Int32] = []
    /// Per deal, indexes into `texts` (-1: NULL or empty) of its owner, currency, stage, status and
    /// forecast category.
    var owner: [Int32] = [], currency: [Int32] = [], stage: [Int32] = [], status: [Int32] = [], forecast: [Int32] = []
    /// Per deal, its amount in ten-thousandths, and 1 when it has one.
    var amount: [Int64] = [], hasAmount: [UInt8] = []
    /// Per deal, day numbers (`Int32.min`: none).
    var created: [Int32] = [], expectedClose: [Int32] = [], closed: [Int32] = []
    var texts: [String] = []
    /// Whether every `created_on` and `closed_on` is NULL or a date as text (`YYYY-MM-DD`): then a
    /// range of day numbers picks what the query's comparison of the text picks. Else ranges are
    /// left to SQL.
    var datesAreDays = true

    var count: Int { idEnds.count }

    /// The deals `scan` visits: rows of the deals query of every deal, grouped by rep.
    init(scan: ((ScanRow) throws -> Void) throws(StoreError) -> Void) throws(StoreError) {
        var known: [String: Int32] = [:]
        func index(_ text: String?) -> Int32 {
            guard let text, !text.isEmpty else { return -1 }
            if let i = known[text] { return i }
            texts.append(text)
            known[text] = Int32(texts.count - 1)
            return Int32(texts.count - 1)
        }
        func day(_ date: CalendarDate?) -> Int32 { date.map { Int32($0.dayNumber) } ?? .min }
        try scan { row in
            let deal = DealRow(row)
            if !Self.isDay(row, 6) || !Self.isDay(row, 8) { datesAreDays = false }
            idBytes.append(contentsOf: deal.id.utf8)
            idEnds.append(Int32(idBytes.count))
            owner.append(index(deal.key))
            currency.append(index(deal.currency))
            stage.append(index(deal.stage))
            status.append(index(deal.status))
            forecast.append(index(deal.forecastCategory))
            amount.append(deal.amount ?? 0)
            hasAmount.append(deal.amount == nil ? 0 : 1)
            created.append(day(deal.createdOn))
            expectedClose.append(day(deal.expectedCloseOn))
            closed.append(day(deal.closedOn))
        }
    }

    /// Whether `column` is NULL or a date as text, which compares with dates as its day number does.
    private static func isDay(_ row: ScanRow, _ column: Int) -> Bool {
        if row.isNull(column) { return true }
        return row.isText(column) && row.bytes(column).count == 10 && CalendarDate(isoPrefix: row.bytes(column)) != nil
    }

    /// The deals `selection` picks, in stored order, as the deals query returns them grouped by rep
    /// (or for the company); nil for a range of days when the stored dates are not all days.
    func deals(_ selection: DealSelection, by grouping: Grouping) -> [DealRow]? {
        let picked: [Int]
        switch selection {
        case .all: picked = Array(0..<count)
        case .open:
            let open = statuses(["open"])
            picked = (0..<count).filter { status[$0] >= 0 && open[Int(status[$0])] }
        case .closed(let from, let to):
            guard datesAreDays else { return nil }
            let closing = statuses(["won", "lost"])
            picked = (0..<count).filter { d in
                status[d] >= 0 && closing[Int(status[d])] && Self.isBetween(closed[d], from, to)
            }
        case .created(let from, let to):
            guard datesAreDays else { return nil }
            picked = (0..<count).filter { Self.isBetween(created[$0], from, to) }
        }
        return picked.map { deal(at: $0, by: grouping) }
    }

    /// Whether `day` is in `from...to` as SQL's BETWEEN has it (none when `from` is after `to`).
    private static func isBetween(_ day: Int32, _ from: CalendarDate, _ to: CalendarDate) -> Bool {
        day != .min && from.dayNumber <= Int(day) && Int(day) <= to.dayNumber
    }

    /// Which of `texts` are one of `names`, byte for byte as SQL compares them.
    private func statuses(_ names: [String]) -> [Bool] {
        texts.map { text in names.contains { $0.utf8.elementsEqual(text.utf8) } }
    }

    private func deal(at i: Int, by grouping: Grouping) -> DealRow {
        func text(_ index: Int32) -> String? { index < 0 ? nil : texts[Int(index)] }
        func date(_ day: Int32) -> CalendarDate? { day == .min ? nil : CalendarDate(dayNumber: Int(day)) }
        let start = i == 0 ? 0 : Int(idEnds[i - 1])
        let id = String(decoding: idBytes[start..<Int(idEnds[i])], as: UTF8.self)
        return DealRow(id: id, key: grouping == .rep ? text(owner[i]) : nil, amount: hasAmount[i] == 0 ? nil : amount[i],
                       currency: text(currency[i]) ?? "", stage: text(stage[i]) ?? "", status: text(status[i]) ?? "",
                       createdOn: date(created[i]), expectedCloseOn: date(expectedClose[i]), closedOn: date(closed[i]),
                       forecastCategory: text(forecast[i]))
    }

    /// The columns as an entry of `KeptColumns` keeps them.
    var kept: [any KeptColumn] {
        [idBytes, idEnds, owner, currency, stage, status, forecast, amount, hasAmount, created, expectedClose, closed]
            + KeptStrings.columns(texts) + [[UInt8(datesAreDays ? 1 : 0)]]
    }

    init(kept reader: inout KeptReader) throws {
        idBytes = try reader.next(UInt8.self)
        idEnds = try reader.next(Int32.self)
        owner = try reader.next(Int32.self)
        currency = try reader.next(Int32.self)
        stage = try reader.next(Int32.self)
        status = try reader.next(Int32.self)
        forecast = try reader.next(Int32.self)
        amount = try reader.next(Int64.self)
        hasAmount = try reader.next(UInt8.self)
        created = try reader.next(Int32.self)
        expectedClose = try reader.next(Int32.self)
        closed = try reader.next(Int32.self)
        texts = try reader.nextStrings()
        let flag = try reader.next(UInt8.self)
        datesAreDays = flag == [1]
        let n = count
        guard [owner.count, currency.count, stage.count, status.count, forecast.count, amount.count, hasAmount.count,
               created.count, expectedClose.count, closed.count].allSatisfy({ $0 == n }),
              zip([0] + idEnds, idEnds).allSatisfy({ $0 <= $1 }), idEnds.last.map(Int.init) ?? 0 == idBytes.count,
              [owner, currency, stage, status, forecast].allSatisfy({ $0.allSatisfy { (-1..<Int32(texts.count)).contains($0) } }),
              flag == [0] || flag == [1] else { throw KeptReader.Malformed() }
    }
}
