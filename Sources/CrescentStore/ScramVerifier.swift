import Crypto
import Foundation
import _CryptoExtras

/// A password as PostgreSQL stores it for SCRAM-SHA-256 authentication
/// (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`), computed on the client as psql's
/// `\password` does, so that the password itself never reaches the server or its logs.
public enum ScramVerifier {
    /// PostgreSQL's own default.
    public static let iterations = 4096

    /// The verifier of `password` with `salt` (16 random bytes unless given).
    public static func make(password: String, salt: [UInt8]? = nil, iterations: Int = iterations) throws(StoreError) -> String {
        let salt = salt ?? (0..<16).map { _ in UInt8.random(in: .min ... .max) }
        let prepared = try SASLprep.prepare(password)
        guard let salted = try? KDF.Insecure.PBKDF2.deriveKey(from: prepared, salt: salt, using: .sha256, outputByteCount: 32,
                                                               unsafeUncheckedRounds: iterations) else {
            throw .failure(Message("access.no_key"))
        }
        let clientKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Client Key".utf8), using: salted))
        let storedKey = Data(SHA256.hash(data: clientKey))
        let serverKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Server Key".utf8), using: salted))
        return "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$"
            + "\(storedKey.base64EncodedString()):\(serverKey.base64EncodedString())"
    }

    /// The iterations, salt and keys of a verifier, if it is one.
    public static func parts(_ verifier: String) -> (iterations: Int, salt: [UInt8], keys: String)? {
        let pieces = verifier.split(separator: "$", omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0] == "SCRAM-SHA-256" else { return nil }
        let cost = pieces[1].split(separator: ":", omittingEmptySubsequences: false)
        guard cost.count == 2, let iterations = Int(cost[0]), iterations > 0, let salt = Data(base64Encoded: String(cost[1])),
              pieces[2].split(separator: ":").count == 2 else { return nil }
        return (iterations, Array(salt), String(pieces[2]))
    }
}

/// The server's preparation of a password before hashing it (RFC 4013 SASLprep, as PostgreSQL's
/// pg_saslprep applies it): ASCII passwords are used as they are; others have their non-ASCII
/// spaces mapped to a space, invisible characters removed and compatibility forms normalised
/// (NFKC), unless the result holds a character SASLprep prohibits, when the server uses the
/// password unchanged. Right-to-left passwords are refused: their rules are not implemented here.
enum SASLprep {
    static func prepare(_ password: String) throws(StoreError) -> [UInt8] {
        let raw = Array(password.utf8)
        if raw.allSatisfy({ $0 < 0x80 }) { return raw }
        var mapped = String.UnicodeScalarView()
        for scalar in password.unicodeScalars where !mappedToNothing(scalar) {
            mapped.append(nonASCIISpace(scalar) ? " " : scalar)
        }
        let normalized = String(mapped).precomposedStringWithCompatibilityMapping
        if normalized.unicodeScalars.contains(where: rightToLeft) {
            throw .usage(Message("access.rtl_password"))
        }
        return normalized.unicodeScalars.contains(where: prohibited) ? raw : Array(normalized.utf8)
    }

    /// RFC 3454 table B.1.
    private static func mappedToNothing(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00AD, 0x034F, 0x1806, 0x180B...0x180D, 0x200B...0x200D, 0x2060, 0xFE00...0xFE0F, 0xFEFF: true
        default: false
        }
    }

    /// RFC 3454 table C.1.2.
    private static func nonASCIISpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00A0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// RFC 3454 tables C.1.2 to C.9, and code points unassigned in Unicode 3.2 (table A.1).
    private static func prohibited(_ s: Unicode.Scalar) -> Bool {
        if nonASCIISpace(s) { return true }
        guard let age = s.properties.age, age.major < 3 || (age.major == 3 && age.minor <= 2) else { return true }
        switch s.value {
        case 0x0000...0x001F, 0x007F...0x009F, 0x06DD, 0x070F, 0x180E, 0x200C...0x200F, 0x2028...0x202E,
             0x2060...0x2063, 0x206A...0x206F, 0xFEFF, 0xFFF9...0xFFFD, 0x1D173...0x1D17A,  // control, bidi, tagging
             0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD,  // private use
             0xFDD0...0xFDEF, 0x2FF0...0x2FFB, 0x0340, 0x0341, 0xE0001, 0xE0020...0xE007F:  // non-characters, ideographic description, deprecated
            return true
        default:
            return s.value & 0xFFFE == 0xFFFE  // non-characters at the end of each plane
        }
    }

    /// Characters of right-to-left scripts (RFC 3454 table D.1, by block).
    private static func rightToLeft(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x05BE, 0x05C0, 0x05C3, 0x05D0...0x05F4, 0x061B...0x064A, 0x066D...0x06D5, 0x06DD...0x06FF,
             0x0700...0x074F, 0x0780...0x07BF, 0x200F, 0xFB1D...0xFDFF, 0xFE70...0xFEFC: true
        default: false
        }
    }
}
