import Foundation
import GRDB

/// What contacts are sorted by: their names in Russian alphabetical order, as one string that
/// SQLite's plain binary comparison (and so an ordinary index) sorts right — case does not count,
/// `ё` sorts with `е`, Cyrillic comes before Latin (`Яковлев` before `Adams`), accents on Latin
/// letters do not count. Spaces, punctuation and digits come first, as in a dictionary.
///
/// The key is kept in `contact.name_key` and indexed, so name-ordered pages, the ranks of
/// `NameOrder` and the walks of short queries all follow it.
package enum NameKey {
    /// Latin letters are moved past the Cyrillic block (U+0400–U+04FF), into a range no name uses.
    private static let latinBase: UInt32 = 0x0500

    package static func of(_ name: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in name.lowercased().unicodeScalars {
            switch scalar.value {
            case 0x0451: key.append("е")  // ё
            case 0x61...0x7A: key.append(latin(scalar.value))
            case 0xC0...0x24F:
                // Latin with a diacritic: its base letter (`é` → `e`); anything else stays as it is.
                let base = String(scalar).folding(options: .diacriticInsensitive, locale: nil).unicodeScalars
                if base.count == 1, let letter = base.first, (0x61...0x7A).contains(letter.value) {
                    key.append(latin(letter.value))
                } else {
                    key.append(scalar)
                }
            default: key.append(scalar)
            }
        }
        return String(key)
    }

    private static func latin(_ value: UInt32) -> Unicode.Scalar {
        Unicode.Scalar(latinBase + value - 0x61)!
    }

    /// `minicrm_name_key(name)` in SQL, for the migration that fills the column.
    static let function = DatabaseFunction("minicrm_name_key", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(NameKey.of)
    }
}
