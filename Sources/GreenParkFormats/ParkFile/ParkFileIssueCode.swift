/// The stable codes of the problems ``ParkFile`` reports, one per ``InputIssue``.
///
/// Codes are documented in `docs/park-file.md` and never reused for another meaning.
/// The whole rejection carries ``ParkFile/rejectedCode`` (`park.invalid`).
public enum ParkFileIssueCode: String, Sendable, CaseIterable {
    // MARK: The file as a whole

    /// The file could not be read or is not UTF-8 text.
    case unreadable = "park.unreadable"
    /// The YAML is malformed (the reason carries the parser's message).
    case syntax = "park.syntax"
    /// The file holds no YAML document (empty or only comments).
    case empty = "park.empty"
    /// The document is not a mapping of sections.
    case notAMapping = "park.not-a-mapping"
    /// `version` is not a schema version this reader knows (only 1).
    case unsupportedVersion = "park.unsupported-version"
    /// The file is larger than ``ParkFile/maximumBytes`` (2 MiB).
    case tooLarge = "park.too-large"

    // MARK: Structure

    /// The same key appears twice in one mapping.
    case duplicateKey = "park.duplicate-key"
    /// A key the schema does not know (the reason suggests a close known key).
    case unknownKey = "park.unknown-key"
    /// A required field is absent or has no value.
    case missingField = "park.missing-field"
    /// A value of the wrong kind: a text where a list is expected, and so on.
    case wrongType = "park.wrong-type"
    /// An empty text, or an empty list where at least one entry is required.
    case emptyValue = "park.empty-value"

    // MARK: Values

    /// Not a valid identifier (1 to 64 letters, digits, `-`, `_`).
    case invalidID = "park.invalid-id"
    /// An identifier used twice: members, generators, meters, meter settings.
    case duplicateID = "park.duplicate-id"
    /// A `meters:` entry names a meter no member or generator lists.
    case unknownMeter = "park.unknown-meter"
    /// A `contracts:` entry names a member or generator the park does not have.
    case unknownReference = "park.unknown-reference"
    /// Not a number of the expected form (decimal or whole number).
    case invalidNumber = "park.invalid-number"
    /// A decimal with more than six fractional digits.
    case tooManyDecimals = "park.too-many-decimals"
    /// A number outside its allowed range.
    case outOfRange = "park.out-of-range"
    /// The members' shares add up to more than 1.
    case sharesExceedOne = "park.shares-exceed-one"
    /// The allocation key needs a share, weight or tier that a member lacks.
    case missingKeyParameter = "park.missing-key-parameter"
    /// Not an IANA time zone.
    case invalidTimeZone = "park.invalid-timezone"
    /// Not two uppercase letters.
    case invalidCountry = "park.invalid-country"
    /// Not one of the allowed values of an enumerated field, or not the name of a
    /// shipped policy profile.
    case invalidChoice = "park.invalid-choice"
    /// Not a valid `YYYY-MM-DD` date.
    case invalidDate = "park.invalid-date"
    /// `policy_profile` names a profile file that cannot be read or is not a valid profile.
    case invalidPolicyProfile = "park.invalid-policy-profile"

    // MARK: Warnings

    /// Warning: the park lists no generators.
    case noGenerators = "park.no-generators"
    /// Warning: a generator's registration date is before its commissioning date.
    case registeredBeforeCommissioned = "park.registered-before-commissioned"
    /// Warning: the time zone is an abbreviation such as `CST` (which Foundation reads
    /// as US Central time) or a fixed offset, not a region name of the IANA database.
    case timeZoneAbbreviation = "park.timezone-abbreviation"

    /// `true` for the codes reported as warnings in ``ParkFileResult/warnings``.
    public var isWarning: Bool {
        self == .noGenerators || self == .registeredBeforeCommissioned || self == .timeZoneAbbreviation
    }
}
