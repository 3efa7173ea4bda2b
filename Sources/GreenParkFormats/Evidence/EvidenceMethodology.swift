import GreenParkCore

/// The methodology note of an evidence pack: formulas, factors and sources, and what the
/// pack holds, for a verifier who has no GreenPark.
public enum EvidenceMethodology {
    public static func text(park: Park, report: EmissionsReport, period: String, local: LocalTime) -> String {
        let l = report.location.annual, r = report.residual.annual
        let minimum = EvidencePack.minimumMembersForParkTotals
        let totals = park.members.count >= minimum
            ? """
            `readings/park-consumption.csv` holds the park's total consumption per interval: the only data
            of other members in this pack. Intervals marked `excluded` were left out for everyone (missing data).
            """
            : """
            The park has \(park.members.count) member(s). With fewer than \(minimum), the park's total less this
            member's consumption would be another member's, so this pack holds no park totals:
            `readings/intervals.csv` only marks the intervals left out for everyone (missing data),
            `allocation/summary.json` omits the park's sums, and the allocation is checked within its bounds only
            (not the exact pro-rata share).
            """
        return """
            # Methodology: \(park.settings.name) (\(park.settings.id)), \(period)

            ## Allocation (DOMAIN.md 3)
            Key `\(park.allocation.key.rawValue)`, interval by interval (\(park.settings.resolution.minutes) minutes, time zone \(park.settings.timeZone)).
            Pro-rata: `A_i = min(G, sum C) x C_i / sum C`, rounded by largest remainder (ties to the member
            listed first). Every allocated Wh is attributed to a generator, never more than it produced.
            \(totals)

            ## Scope 2 (GHG Protocol Scope 2 Guidance, 2015; DOMAIN.md 5)
            - Location-based: grid import x \(l.kgPerKWh) kg CO2/kWh (\(l.year) \(l.name): \(l.source));
              direct-line supply counts at its generator's rate (0 for wind, solar and hydro; a biomass plant's rate
              as the park file gives it).
            - Market-based: (consumption - covered) x \(r.kgPerKWh) kg CO2/kWh (\(r.year) \(r.name): \(r.source)),
              plus covered energy at the rate its certificates convey (0 for wind, solar and hydro). China publishes
              no residual mix; this proxy is disclosed. Covered: certificates redeemed for the member, produced in the period.
            - Hourly: the same per hour; an hour is covered only by certificates produced in that hour.
            - CFE score: sum over hours of min(C_h, green_h + grid_h x \(report.gridCFEShare)) / sum of C_h.
            - Energy x factor is summed exactly and rounded once, half to even, to grams.

            ## EU CBAM (Reg. 2023/956, Implementing Reg. 2023/1773)
            The member's green energy is split among its meters pro rata to their consumption per interval
            (largest remainder). Green share: actual factor 0 (direct technical connection, interval
            metering); the rest: the grid default factor (`emission_factors.cbam`). `Em_el = E_grid x EF`;
            `SEE = emissions / production`. Production rows of one period share the installation's
            electricity pro rata to tonnes.

            ## Certificates and ledger
            `ledger/entries.jsonl` holds this member's ledger entries of the period (docs/ledger.md), each
            with its Merkle audit path in `ledger/proofs.jsonl` to the root of its block, whose seal in
            `ledger/seals.jsonl` is signed over `head || root` with the operator key in `operator.pub`.
            Blocks sealed before seals carried a root are in `ledger/ledger.jsonl`, whole, with other
            members' entries redacted to their sequence, kind and hashes.

            ## Checking this pack
            `greenpark evidence verify PACK.zip [--public-key FILE]` checks the manifest signature and
            every file's SHA-256, the ledger extract, and recomputes the allocation (within its rounding),
            `emissions/scope2.csv` and `emissions/cbam.csv` from the raw data above.

            """
    }
}
