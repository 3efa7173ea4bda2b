import Foundation
import GreenParkCore

/// The demo park: three export manufacturers sharing a rooftop PV plant and a wind farm,
/// with real measured and modelled profiles for the year 2023.
///
/// `write(to:)` lays out a park directory as a user would have it: the park file and the
/// readings files in the three CSV layouts GreenPark reads. Later steps of the demo
/// (allocation, certificates, settlement, reports) work on that directory.
public enum DemoPark {
    /// The year the demo covers.
    public static let year = 2023

    /// One readings file of the demo and how it is imported.
    public struct ReadingsFile: Sendable {
        /// Path relative to the park directory.
        public var path: String
        /// What it holds, for the demo's printout.
        public var summary: String
        /// Whether it needs `--split even` (data coarser than the park's intervals).
        public var needsEvenSplit: Bool
        /// Whether short gaps are estimated (`--estimate linear --max-gap 4`).
        public var estimateGaps: Bool
    }

    /// The park file text.
    public static let parkYAML = """
        # GreenPark demo park, written by `greenpark demo`. Profiles: see readings/SOURCES.md.
        version: 1
        park:
          id: demo-park
          name: GreenPark Demo Park
          timezone: Asia/Shanghai
          country: CN
          region: east
          resolution_minutes: 15
          connection: grid-connected
          policy_profile: cn-650-2025
        members:                           # order matters: it breaks rounding ties
          - id: auto-parts
            name: Demo Auto Parts Co., Ltd.
            meters: [auto-parts-press, auto-parts-paint]
            share: 0.60
            weight: 3.0
            tier: 1
            installations:                 # EU CBAM: the press shop exports steel fasteners
              - id: press-shop
                name: Demo Auto Parts press shop
                address: 88 Industrial Avenue, Hangzhou, Zhejiang
                unlocode: CNHGH
                meters: [auto-parts-press]
                goods:
                  - cn_code: "73181590"    # other screws and bolts of iron or steel
                    category: iron-steel
          - id: textiles
            name: Demo Textiles Co., Ltd.
            meters: [textiles-main]
            share: 0.25
            weight: 1.5
            tier: 2
          - id: electronics
            name: Demo Electronics Co., Ltd.
            meters: [electronics-main]
            share: 0.15
            weight: 1.0
            tier: 2
        generators:
          - id: pv-roof
            name: Rooftop PV 10 MWac
            technology: solar-pv
            capacity_kw: 10000
            commissioned: 2022-11-01
            registered: 2022-12-01
            meter: pv-roof-gen
          - id: wind-lhb
            name: Wind farm 4 x 2.05 MW (La Haute Borne profile)
            technology: wind
            capacity_kw: 8200
            commissioned: 2022-06-15
            registered: 2022-07-01
            meter: wind-lhb-gen
        meters:
          - id: auto-parts-press
            max_kw: 12000
          - id: auto-parts-paint
            max_kw: 2000
          - id: textiles-main
            max_kw: 2500
          - id: electronics-main
            max_kw: 1000
        allocation:
          key: pro-rata
        emission_factors:
          year: 2023
          location: east
          residual: national-excl-nonfossil
        certificates:
          scheme: gec                      # the PV plant: China GEC, monthly
          generators:
            wind-lhb: granular             # the wind farm: hourly granular certificates
        shared_costs:                      # split every year (DOMAIN.md 6)
          - id: direct-lines
            name: Direct lines and 10 kV substation
            annual_cost_fen: 120000000       # 1.2 million CNY a year
            method: shapley
          - id: vpp-platform
            name: VPP platform and metering
            annual_cost_fen: 24000000
            method: equal
        settlement:                        # prices: docs/settlement.md; the tariff is an example structure
          tariff: zhejiang-2026-example
          ppa:
            - {generator: pv-roof, price_fen_per_kwh: 38}
            - {generator: wind-lhb, price_fen_per_kwh: 33}
          export_price_fen_per_kwh: 25
          td_fee_fen_per_kwh: 6.5
          system_fee_fen_per_kwh: 1.2
          capacity_charge_fen_per_month: 500000
          vat_rate: 0.13

        """

    /// The readings files, in the order they are imported.
    public static let readingsFiles: [ReadingsFile] = [
        ReadingsFile(path: "readings/loads-2023-15min.csv", summary: "member loads, 15-minute, long layout (kWh)", needsEvenSplit: false, estimateGaps: false),
        ReadingsFile(path: "readings/pv-roof-2023-hourly.csv", summary: "PV output, hourly, wide layout (kWh): split evenly into quarter hours", needsEvenSplit: true, estimateGaps: false),
        ReadingsFile(path: "readings/wind-lhb-2023-10min.csv", summary: "wind farm output, 10-minute SCADA, wide layout (Wh): split into 5-minute halves and summed; short gaps estimated", needsEvenSplit: true, estimateGaps: true),
    ]

    /// The CBAM production file of the demo (relative to the park directory).
    public static let productionFile = "production-2023.csv"

    /// Illustrative production and direct emissions of the press shop, by quarter (made up
    /// for the demo: no real plant's figures).
    public static let productionCSV = """
        installation_id,period_start,period_end,cn_code,production_t,direct_emissions_t
        press-shop,2023-01-01,2023-04-01,73181590,2850.5,412.35
        press-shop,2023-04-01,2023-07-01,73181590,3120,448.9
        press-shop,2023-07-01,2023-10-01,73181590,3010.25,431.6
        press-shop,2023-10-01,2024-01-01,73181590,3205.75,460.05

        """

    /// Writes the park file and readings into `directory` (created if needed); returns
    /// the park file's path.
    @discardableResult
    public static func write(to directory: URL) throws -> URL {
        let manager = FileManager.default
        let readings = directory.appendingPathComponent("readings")
        try manager.createDirectory(at: readings, withIntermediateDirectories: true)
        let parkFile = directory.appendingPathComponent("park.yaml")
        try parkYAML.write(to: parkFile, atomically: true, encoding: .utf8)
        try DemoReadings.loads().write(to: directory.appendingPathComponent(readingsFiles[0].path), atomically: true, encoding: .utf8)
        try DemoReadings.pv().write(to: directory.appendingPathComponent(readingsFiles[1].path), atomically: true, encoding: .utf8)
        try DemoReadings.wind().write(to: directory.appendingPathComponent(readingsFiles[2].path), atomically: true, encoding: .utf8)
        try DemoData.text("README.md").write(to: readings.appendingPathComponent("SOURCES.md"), atomically: true, encoding: .utf8)
        try productionCSV.write(to: directory.appendingPathComponent(productionFile), atomically: true, encoding: .utf8)
        return parkFile
    }
}
