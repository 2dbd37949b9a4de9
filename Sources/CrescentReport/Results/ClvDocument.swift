import CrescentCore
import CrescentStore

/// A fit of the customer value models: JSON is the model as saved (`ClvModel`'s keys, a contract),
/// the table its parameters.
public struct ClvResult: ReportResult {
    public static let resultName = "clv"
    public let model: ClvModel

    public init(model: ClvModel) { self.model = model }

    public func encode(to encoder: any Encoder) throws { try model.encode(to: encoder) }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language), m = model
        let rows: [(String, String, Double)] = [
            ("BG/NBD", "r", m.bgNbd.r), ("BG/NBD", "alpha", m.bgNbd.alpha), ("BG/NBD", "a", m.bgNbd.a), ("BG/NBD", "b", m.bgNbd.b),
            ("BG/NBD", "log_likelihood", m.bgNbd.logLikelihood),
            ("Gamma-Gamma", "p", m.gammaGamma.p), ("Gamma-Gamma", "q", m.gammaGamma.q), ("Gamma-Gamma", "gamma", m.gammaGamma.gamma),
            ("Gamma-Gamma", "log_likelihood", m.gammaGamma.logLikelihood),
        ]
        let table = ReportTable(columns: [ReportColumn(name: words.t("clv.model"), kind: .text, key: "model"),
                                          ReportColumn(name: words.t("clv.parameter"), kind: .text, key: "parameter"),
                                          ReportColumn(name: words.t("clv.value"), kind: .text, key: "value")],
                                rows: rows.map { [.text($0.0), .text($0.1), .text(String(format: "%.6g", $0.2))] })
        let parameters = [(words.t("clv.calibration_end"), m.calibrationEnd), (words.t("clv.time_unit"), words.t("clv.unit.\(m.timeUnit.rawValue)")),
                          (words.t("clv.customers"), String(m.customers)), (words.t("clv.repeat_buyers"), String(m.repeatBuyers))]
        return ReportDocument(name: "clv", title: words.t("clv.title"), parameters: parameters, currency: "", asOf: m.asOf,
                              language: language, blocks: [.table(table), .text(words.t("clv.fields"))])
    }
}
