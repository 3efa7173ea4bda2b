/// A certificate operation that the rules of DOMAIN.md 4 forbid.
public struct CertificateError: GreenParkError {
    public var code: String
    public var message: String

    static func unregistered(_ device: String) -> CertificateError {
        CertificateError(code: "certificates.unregistered-device", message: "device \(device) is not a registered generator of the park")
    }

    static func beforeRegistration(_ device: String, _ start: Timestamp, _ registered: Timestamp) -> CertificateError {
        CertificateError(code: "certificates.before-registration", message: "device \(device): production from \(start) is before its registration (\(registered)); certificates are issued only from the registration date")
    }

    static func alreadyIssued(_ scheme: CertificateScheme, _ device: String, _ start: Timestamp) -> CertificateError {
        CertificateError(code: "certificates.already-issued", message: "\(scheme.rawValue) certificates for \(device) and the period from \(start) were issued already; nothing is issued twice")
    }

    static func notEnough(_ what: String) -> CertificateError {
        CertificateError(code: "certificates.not-enough", message: what)
    }

    static func aboveConsumption(_ volume: Int64, _ request: RedemptionRequest, coverable: Int64, unit: Int64,
                                 hour: Timestamp? = nil) -> CertificateError {
        let place = hour.map { "in the hour from \($0.iso8601)" } ?? "in \(request.periodLabel)"
        return CertificateError(
            code: "certificates.above-consumption",
            message: "\(volume) Wh is more than \(request.beneficiary)'s metered consumption \(place) not yet covered: "
                + "\(coverable) certificate\(coverable == 1 ? "" : "s") (\(coverable * unit) Wh) can cover it; "
                + "no Wh of consumption is covered twice (see certificates coverage --member \(request.beneficiary))")
    }

    static func withdrawn(_ id: String, _ correction: String) -> CertificateError {
        CertificateError(code: "certificates.withdrawn",
                         message: "certificate \(id) was withdrawn by correction \(correction) (its generation was corrected)")
    }

    static func notOwner(_ id: String, _ owner: String, _ who: String) -> CertificateError {
        CertificateError(code: "certificates.not-owner", message: "certificate \(id) belongs to \(owner), not \(who)")
    }

    static func alreadyRedeemed(_ id: String, _ statement: String) -> CertificateError {
        CertificateError(code: "certificates.already-redeemed", message: "certificate \(id) was redeemed already (statement \(statement)); redemption is final")
    }

    static func cancelled(_ id: String, _ record: String) -> CertificateError {
        CertificateError(code: "certificates.cancelled",
                         message: "certificate \(id) was cancelled for storage charge record \(record) "
                            + "(a storage device charged its energy; what the device gives back is certified at "
                            + "discharge)")
    }
}
