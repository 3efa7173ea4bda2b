/// One row of a CBAM production file: what an installation produced of one good in a
/// period, and the direct emissions attributed to it (`installation_id,period_start,
/// period_end,cn_code,production_t,direct_emissions_t`).
public struct CBAMProduction: Sendable, Equatable {
    public var installation: String
    public var start: Timestamp
    public var end: Timestamp
    public var cnCode: String
    /// Tonnes, exact to the gram.
    public var productionT: Fixed6
    /// Tonnes CO2e, exact to the gram.
    public var directEmissionsT: Fixed6
    /// Line in the file (for messages).
    public var line: Int

    public init(installation: String, start: Timestamp, end: Timestamp, cnCode: String, productionT: Fixed6, directEmissionsT: Fixed6, line: Int = 0) {
        self.installation = installation
        self.start = start
        self.end = end
        self.cnCode = cnCode
        self.productionT = productionT
        self.directEmissionsT = directEmissionsT
        self.line = line
    }
}
