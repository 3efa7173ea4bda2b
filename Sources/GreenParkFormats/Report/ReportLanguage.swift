/// The languages a report is written in; every text exists in both (no mixing).
public enum ReportLanguage: String, Sendable, CaseIterable {
    case en
    case zh

    /// The text for `key` in this language.
    func text(_ key: ReportText) -> String {
        let pair = key.pair
        return self == .en ? pair.en : pair.zh
    }
}

/// Every fixed text of the report, in English and Chinese.
enum ReportText: CaseIterable {
    case title, parkWide, member, period, generated, keyFigures, consumption, directGreen, gridImport, greenShare
    case covered, scope2Location, scope2Market, scope2LocationHourly, scope2MarketHourly, cfeScore, monthlyChart, green, grid
    case dailyChart, generation, load, heatmap, heatmapNote, certificates, statement, ids, device, production, volume, purpose
    case scope2Table, month, method, location, market, quality, criterion, status, why, noCertificates, factors, factorLocation
    case factorResidual, gridCFEShare, methodology, methodologyText, hour, day, cbam, cbamNone, pass, fail, notApplicable, disclosed
    case unitMWh, unitT, total, heatmapLegend, instruments
    case installation, indirect, seeDirect, seeIndirect, inObligation, yes, no, cbamNote, cnCode, tonnesOfGood, productionQuantity, userData, schemeGEC, schemeIREC, schemeGranular, hydrogen, incrementality, deliverability, temporalMatching, failingHours

    var pair: (en: String, zh: String) {
        switch self {
        case .title: ("Green power and Scope 2 report", "绿电与范围二排放报告")
        case .parkWide: ("Whole park", "全园区")
        case .member: ("Member", "成员企业")
        case .period: ("Reporting period", "报告期")
        case .generated: ("Generated", "生成时间")
        case .keyFigures: ("Key figures", "主要指标")
        case .consumption: ("Consumption", "用电量")
        case .directGreen: ("Green power over the direct line", "直连线路绿电")
        case .gridImport: ("Grid import", "电网购电")
        case .greenShare: ("Green share", "绿电占比")
        case .covered: ("Covered by redeemed certificates", "已注销证书覆盖电量")
        case .scope2Location: ("Scope 2, location-based (annual)", "范围二排放(基于位置,年度)")
        case .scope2Market: ("Scope 2, market-based (annual)", "范围二排放(基于市场,年度)")
        case .scope2LocationHourly: ("Scope 2, location-based (hourly)", "范围二排放(基于位置,逐时)")
        case .scope2MarketHourly: ("Scope 2, market-based (hourly)", "范围二排放(基于市场,逐时)")
        case .cfeScore: ("Hourly CFE score (24/7)", "逐时无碳电力匹配率(24/7)")
        case .monthlyChart: ("Monthly green and grid electricity", "逐月绿电与电网电量")
        case .green: ("Green (direct line)", "绿电(直连)")
        case .grid: ("Grid", "电网")
        case .dailyChart: ("Daily generation and load", "逐日发电与负荷")
        case .generation: ("Generation", "发电量")
        case .load: ("Load", "负荷")
        case .heatmap: ("Hourly matching (day by hour)", "逐时匹配(日×时)")
        case .heatmapNote: ("Share of each hour's consumption met by direct green power; grey: no consumption.", "每小时用电量中由直连绿电满足的比例;灰色:无用电。")
        case .heatmapLegend: ("Colour: white for 0 %, dark green for 100 %.", "颜色:白色为0%,深绿色为100%。")
        case .certificates: ("Redeemed certificates", "已注销证书")
        case .statement: ("Statement", "注销声明")
        case .ids: ("Certificate ids", "证书编号")
        case .device: ("Device", "发电设备")
        case .production: ("Production period", "生产期间")
        case .volume: ("Volume", "电量")
        case .purpose: ("Purpose", "用途")
        case .scope2Table: ("Scope 2 by month, both methods", "逐月范围二排放(两种方法)")
        case .month: ("Month", "月份")
        case .method: ("Method", "方法")
        case .location: ("Location-based", "基于位置")
        case .market: ("Market-based", "基于市场")
        case .quality: ("Scope 2 Quality Criteria of the redeemed certificates", "已注销证书的范围二质量准则检查")
        case .criterion: ("Criterion", "准则")
        case .status: ("Result", "结果")
        case .why: ("Reason", "说明")
        case .noCertificates: ("No certificates were redeemed for this period.", "本报告期内没有注销证书。")
        case .factors: ("Emission factors", "排放因子")
        case .factorLocation: ("Location-based factor", "基于位置的因子")
        case .factorResidual: ("Residual-mix factor (market-based)", "剩余组合因子(基于市场)")
        case .gridCFEShare: ("Carbon-free share of grid power", "电网电力无碳比例")
        case .methodology: ("Method", "计算方法")
        case .methodologyText: ("Location-based: grid import × regional grid factor; direct-line wind and solar count 0. Market-based: (consumption − covered) × residual-mix proxy; only certificates redeemed for the member count, and hourly only certificates produced in that hour. CFE score: Σ min(load, green + grid × carbon-free share) ÷ Σ load, hour by hour (GHG Protocol Scope 2 Guidance 2015; DOMAIN.md 5).", "基于位置:电网购电量 × 区域电网排放因子;直连风电、光伏计为零。基于市场:(用电量 − 证书覆盖量)× 剩余组合替代因子;仅计入为该成员注销的证书,逐时计算时仅计入当小时生产的证书。无碳匹配率:逐时 Σ min(负荷, 绿电 + 电网电量 × 无碳比例) ÷ Σ 负荷(温室气体核算体系范围二指南 2015)。")
        case .hour: ("Hour", "小时")
        case .day: ("Day", "日期")
        case .cbam: ("EU CBAM installations", "欧盟碳边境调节机制(CBAM)设施")
        case .cbamNone: ("No production of CBAM goods for this period (installations in the park file, production with --production).", "本报告期没有欧盟碳边境调节机制产品的产量(设施见园区文件,产量由产量数据文件提供)。")
        case .pass: ("pass", "通过")
        case .fail: ("fail", "未通过")
        case .notApplicable: ("not applicable", "不适用")
        case .disclosed: ("disclosed", "已披露")
        case .unitMWh: ("MWh", "兆瓦时")
        case .unitT: ("t CO₂", "吨二氧化碳")
        case .total: ("Total", "合计")
        case .instruments: ("instruments", "项")
        case .installation: ("Installation", "设施")
        case .indirect: ("Indirect emissions", "间接排放")
        case .seeDirect: ("SEE direct (t CO₂e/t)", "单位产品直接隐含排放(吨二氧化碳当量/吨)")
        case .seeIndirect: ("SEE indirect (t CO₂e/t)", "单位产品间接隐含排放(吨二氧化碳当量/吨)")
        case .cnCode: ("CN code", "海关编码")
        case .tonnesOfGood: ("t", "吨")
        case .productionQuantity: ("Production", "产量")
        case .userData: ("user data", "用户提供的数据")
        case .hydrogen: ("US 45V clean hydrogen: the three pillars", "美国45V清洁氢:三项支柱")
        case .incrementality: ("Incrementality (generator within 36 months)", "新增性(发电设施36个月内投运)")
        case .deliverability: ("Deliverability (same region)", "可输送性(同一区域)")
        case .temporalMatching: ("Temporal matching (annual before 2030, hourly from 2030)", "时间匹配(2030年前按年,2030年起按小时)")
        case .failingHours: ("hours not matched", "未匹配小时数")
        case .schemeGEC: ("China GEC", "中国绿证")
        case .schemeIREC: ("I-REC", "国际可再生能源证书")
        case .schemeGranular: ("hourly granular certificates", "逐时绿电证书")
        case .inObligation: ("Indirect in the obligation", "间接排放计入履约")
        case .yes: ("yes", "是")
        case .no: ("no", "否")
        case .cbamNote: ("Green share: actual factor 0 (direct technical connection, interval metering); grid part: default grid factor. SEE in t CO₂e per t of good. From 2026 indirect emissions count for cement, fertilisers and sintered ore only.", "绿电部分:实际因子为零(直接技术连接,分时计量);电网部分:默认电网因子。单位产品隐含排放以吨二氧化碳当量每吨产品计。自2026年起,仅水泥、化肥和烧结矿的间接排放计入履约。")
        }
    }
}
