/// The dashboard's words in English and Chinese (the session's language, chosen at sign-in).
enum DashboardText {
    static func strings(_ language: String) -> [String: String] {
        language == "zh" ? zh : en
    }

    static let en: [String: String] = [
        "overview": "Park overview", "member": "Member", "ledger": "Ledger", "admin": "Users and grants",
        "signIn": "Sign in", "signOut": "Sign out", "token": "API token", "language": "Language",
        "month": "Month", "show": "Show", "generation": "Generation", "load": "Load", "allocated": "Green allocated",
        "surplus": "Surplus", "policy": "Policy thresholds", "check": "Check", "value": "Value",
        "threshold": "Threshold", "heatmap": "Hourly matching (day x hour)",
        "heatmapLegend": "Darker: a larger share of the park's load met by its own generation in that hour.",
        "aggregateHidden": "Park totals are shown only when at least 3 members contribute.",
        "members": "Members", "matched": "Hourly matched share", "gridImport": "Grid import",
        "covered": "Covered by redeemed certificates", "scope2Location": "Scope 2, location-based",
        "scope2Market": "Scope 2, market-based", "certificates": "Certificates", "invoices": "Invoices",
        "none": "none", "evidence": "Evidence", "download": "Download the evidence pack (ZIP)", "users": "Users",
        "grants": "Grants", "name": "Name", "role": "Role", "subject": "Acts for", "expires": "Expires",
        "state": "State", "revoke": "Revoke", "verifier": "Verifier", "scopes": "Scopes", "until": "Until",
        "footer": "GreenPark: multi-user direct green power. Energy in kWh, emissions in t CO2.",
        "pass": "pass", "fail": "fail", "active": "active", "revoked": "revoked", "expired": "expired",
        "noData": "No stored readings for this month.", "badToken": "That token is not valid.",
        "ledgerOK": "The ledger is intact", "ledgerBroken": "The ledger is broken",
    ]

    static let zh: [String: String] = [
        "overview": "园区概览", "member": "成员", "ledger": "账本", "admin": "用户与授权",
        "signIn": "登录", "signOut": "退出", "token": "API 令牌", "language": "语言",
        "month": "月份", "show": "显示", "generation": "发电量", "load": "用电量", "allocated": "分配绿电",
        "surplus": "余电", "policy": "政策指标", "check": "指标", "value": "数值", "threshold": "阈值",
        "heatmap": "逐时匹配（日 x 时）", "heatmapLegend": "颜色越深：该小时园区负荷由自有发电满足的比例越高。",
        "aggregateHidden": "园区汇总数据仅在至少 3 家成员参与时显示。",
        "members": "成员", "matched": "逐时匹配比例", "gridImport": "电网购电",
        "covered": "已注销证书覆盖", "scope2Location": "范围二（基于位置）", "scope2Market": "范围二（基于市场）",
        "certificates": "绿证", "invoices": "发票", "none": "无", "evidence": "证据",
        "download": "下载证据包（ZIP）", "users": "用户", "grants": "授权", "name": "名称", "role": "角色",
        "subject": "代表", "expires": "到期", "state": "状态", "revoke": "吊销", "verifier": "核查方",
        "scopes": "范围", "until": "截止", "footer": "GreenPark：多用户绿电直连。电量单位 kWh，排放单位 t CO2。",
        "pass": "达标", "fail": "未达标", "active": "有效", "revoked": "已吊销", "expired": "已过期",
        "noData": "本月没有已存储的读数。", "badToken": "令牌无效。",
        "ledgerOK": "账本完好", "ledgerBroken": "账本已损坏",
    ]
}
