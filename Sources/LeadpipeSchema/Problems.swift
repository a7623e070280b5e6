/// Why a row was rejected: a stable code for programs, with a message for people.
public enum RejectCode: String, Sendable, CaseIterable, Codable {
    /// Neither of the required identifiers (by default e-mail or LinkedIn) has a value.
    case missingIdentifier = "missing_identifier"
    /// The e-mail column holds something that is not an e-mail address.
    case invalidEmail = "invalid_email"
    /// The LinkedIn column holds something that is not a LinkedIn profile.
    case invalidLinkedIn = "invalid_linkedin"
    /// The status is not one leadpipe knows (only with `--unknown-status reject`).
    case invalidStatus = "invalid_status"
    /// A number field holds something that is not a number (or not a whole one).
    case invalidNumber = "invalid_number"
    /// A date field holds something that is not a date.
    case invalidDate = "invalid_date"
    /// A value is longer than its field allows.
    case fieldTooLong = "field_too_long"
    /// The row has more fields than the header (its values are probably shifted).
    case wrongFieldCount = "wrong_field_count"
    /// A required custom field is empty.
    case missingRequired = "missing_required"
    /// A boolean field holds something other than yes/no, true/false, 1/0, x.
    case invalidBoolean = "invalid_boolean"
    /// An enum field holds a value outside its list.
    case invalidEnum = "invalid_enum"
    /// A custom url field holds something that is not a web address.
    case invalidURL = "invalid_url"

    /// What the code means, for summaries.
    public var summary: String {
        switch self {
        case .missingIdentifier: "no e-mail or LinkedIn profile"
        case .invalidEmail: "not a valid e-mail address"
        case .invalidLinkedIn: "not a LinkedIn profile URL"
        case .invalidStatus: "unknown status"
        case .invalidNumber: "not a number"
        case .invalidDate: "not a date"
        case .fieldTooLong: "value too long"
        case .wrongFieldCount: "more fields than the header"
        case .missingRequired: "required field empty"
        case .invalidBoolean: "not yes/no"
        case .invalidEnum: "not one of the allowed values"
        case .invalidURL: "not a web address"
        }
    }
}

/// A problem with a value, precise enough to tell a person what to fix. Each belongs to one
/// ``RejectCode`` (or, for the kinds that only warn, to a ``WarningCode``).
public enum ValueProblem: UInt8, Sendable, CaseIterable {
    case emailLooksLikePhone, emailLooksLikeName, emailMissingAt, emailSeveralAts, emailBadLocalPart,
        emailBadDomain, emailHasSpaces, emailHasControlCharacters
    case linkedInNotLinkedIn, linkedInNotAProfile, linkedInBadID
    case statusUnknown
    case numberNotNumeric, numberNotWhole, numberOutOfRange
    case dateUnreadable, dateImpossible
    case tooLong
    case requiredMissing
    case booleanUnknown
    case enumUnknown
    case urlInvalid

    /// The reject code this problem leads to.
    public var code: RejectCode {
        switch self {
        case .emailLooksLikePhone, .emailLooksLikeName, .emailMissingAt, .emailSeveralAts, .emailBadLocalPart,
            .emailBadDomain, .emailHasSpaces, .emailHasControlCharacters:
            .invalidEmail
        case .linkedInNotLinkedIn, .linkedInNotAProfile, .linkedInBadID: .invalidLinkedIn
        case .statusUnknown: .invalidStatus
        case .numberNotNumeric, .numberNotWhole, .numberOutOfRange: .invalidNumber
        case .dateUnreadable, .dateImpossible: .invalidDate
        case .tooLong: .fieldTooLong
        case .requiredMissing: .missingRequired
        case .booleanUnknown: .invalidBoolean
        case .enumUnknown: .invalidEnum
        case .urlInvalid: .invalidURL
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .emailLooksLikePhone: "this looks like a phone number, not an e-mail address"
        case .emailLooksLikeName: "this looks like a name, not an e-mail address"
        case .emailMissingAt: "an e-mail address needs an @"
        case .emailSeveralAts: "an e-mail address has exactly one @"
        case .emailBadLocalPart: "the part before the @ is not valid"
        case .emailBadDomain: "the domain after the @ is not valid (it needs a dot and a top-level domain)"
        case .emailHasSpaces: "an e-mail address cannot contain spaces"
        case .emailHasControlCharacters: "the value contains control characters"
        case .linkedInNotLinkedIn: "not a linkedin.com address"
        case .linkedInNotAProfile: "a LinkedIn address, but not a person's profile (/in/…)"
        case .linkedInBadID: "the profile id is not valid"
        case .statusUnknown: "not a known status (new, contacted, qualified, converted, lost)"
        case .numberNotNumeric: "not a number"
        case .numberNotWhole: "not a whole number"
        case .numberOutOfRange: "the number is too large"
        case .dateUnreadable: "not a date leadpipe can read"
        case .dateImpossible: "no such date"
        case .tooLong: "longer than the field allows"
        case .requiredMissing: "this field is required"
        case .booleanUnknown: "not a yes/no value"
        case .enumUnknown: "not one of the field's allowed values"
        case .urlInvalid: "not a web address"
        }
    }
}

/// Things worth knowing about a row that do not reject it.
public enum WarningCode: String, Sendable, CaseIterable, Codable {
    /// No E.164 form could be derived from the phone number (kept as written).
    case phoneNotNormalizable = "phone_not_normalizable"
    /// The status was not recognised; the default was used.
    case unknownStatus = "unknown_status"
    /// The e-mail field held several addresses; the first was kept.
    case severalEmails = "several_emails"
    /// The website was not a web address and was left out.
    case invalidWebsite = "invalid_website"
    /// A placeholder such as "n/a", "none", "-" was read as empty.
    case placeholderValue = "placeholder_value"
    /// A value starts like a spreadsheet formula (`=HYPERLINK(…)`); kept, but flagged.
    case formulaLikeValue = "formula_like_value"
    /// Control characters were removed from a value.
    case controlCharactersRemoved = "control_characters_removed"
    /// The row had fewer fields than the header; the missing ones are empty.
    case shortRow = "short_row"
    /// The row had more fields than the header, all of the surplus empty; they were ignored.
    case emptySurplusFields = "empty_surplus_fields"
    /// A full name was split into first and last name.
    case nameSplit = "name_split"

    /// What the warning means, for summaries.
    public var summary: String {
        switch self {
        case .phoneNotNormalizable: "phone kept as written, no E.164 form (add --default-country?)"
        case .unknownStatus: "unknown status, set to the default"
        case .severalEmails: "several e-mail addresses, the first kept"
        case .invalidWebsite: "website not a web address, left out"
        case .placeholderValue: "placeholder (n/a, none, -) read as empty"
        case .formulaLikeValue: "value starts like a spreadsheet formula"
        case .controlCharactersRemoved: "control characters removed"
        case .shortRow: "fewer fields than the header, missing ones empty"
        case .emptySurplusFields: "empty surplus fields ignored"
        case .nameSplit: "full name split into first and last name"
        }
    }
}

/// A set of ``WarningCode``s.
public struct WarningSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ code: WarningCode) {
        rawValue = 1 << UInt16(WarningCode.allCases.firstIndex(of: code)!)
    }

    /// The codes in the set.
    public var codes: [WarningCode] { WarningCode.allCases.filter { contains(WarningSet($0)) } }

    public static let phoneNotNormalizable = WarningSet(rawValue: 1 << 0)
    public static let unknownStatus = WarningSet(rawValue: 1 << 1)
    public static let severalEmails = WarningSet(rawValue: 1 << 2)
    public static let invalidWebsite = WarningSet(rawValue: 1 << 3)
    public static let placeholderValue = WarningSet(rawValue: 1 << 4)
    public static let formulaLikeValue = WarningSet(rawValue: 1 << 5)
    public static let controlCharactersRemoved = WarningSet(rawValue: 1 << 6)
    public static let shortRow = WarningSet(rawValue: 1 << 7)
    public static let emptySurplusFields = WarningSet(rawValue: 1 << 8)
    public static let nameSplit = WarningSet(rawValue: 1 << 9)
}
