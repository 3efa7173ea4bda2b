/// The names and explanations of the eight Scope 2 Quality Criteria, in both languages.
enum ReportCriteriaText {
    static func name(_ number: Int, _ language: ReportLanguage) -> String {
        let names: [(String, String)] = [
            ("1 Conveys the emission rate", "1 传递排放率属性"),
            ("2 Unique claim", "2 唯一声明"),
            ("3 Redeemed for the reporter", "3 为报告主体注销"),
            ("4 Vintage close to consumption", "4 生产期与消费期接近"),
            ("5 Same market", "5 同一市场"),
            ("6 Utility-specific factor", "6 供电商特定因子"),
            ("7 Direct contract conveys certificates", "7 直接合同转移证书"),
            ("8 Residual mix", "8 剩余组合"),
        ]
        let pair = names[max(0, min(7, number - 1))]
        return language == .en ? pair.0 : pair.1
    }

    static func explanation(_ number: Int, _ language: ReportLanguage) -> String {
        let texts: [(String, String)] = [
            ("Each certificate conveys its device's emission rate: 0 g CO₂/kWh for wind, solar and hydro, "
                + "the rate the park file gives for biomass; a certificate without a known rate fails.",
             "每张证书传递其发电设备的排放率:风电、光伏、水电为 0 克二氧化碳/千瓦时,"
                + "生物质为园区文件给定的排放率;排放率未知的证书不通过。"),
            ("Issued once in the park registry, which refuses the same production in a second scheme; every transfer is in the signed ledger.", "在园区登记簿中仅签发一次,同一发电量不得在第二种证书体系中重复签发;每次转让均记入签名账本。"),
            ("Retired under a redemption statement naming this member.", "以注明该成员的注销声明注销。"),
            ("Produced within the reporting period.", "在报告期内生产。"),
            ("Produced in the country where the consumption is.", "在用电所在国家生产。"),
            ("No supplier-specific emission factor is used.", "未使用供电商特定排放因子。"),
            ("The devices supply the member over the park's direct line; their certificates moved with the energy.", "发电设备通过园区直连线路向成员供电,证书随电量一并转移。"),
            ("China publishes no residual mix; the proxy factor shown above is used and disclosed.", "中国未发布剩余组合因子;采用并披露上文所示的替代因子。"),
        ]
        let pair = texts[max(0, min(7, number - 1))]
        return language == .en ? pair.0 : pair.1
    }

    static func status(_ status: String, _ language: ReportLanguage) -> String {
        switch status {
        case "pass": language.text(.pass)
        case "fail": language.text(.fail)
        case "disclosed": language.text(.disclosed)
        default: language.text(.notApplicable)
        }
    }
}
