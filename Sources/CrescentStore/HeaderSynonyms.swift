/// Headers that mean a canonical column without being its name: the Chinese a team's own workbook
/// uses (客户名称), and the column names of Fxiaoke's, Zoho CRM's and Salesforce's standard exports
/// (Account Name, Opportunity Owner, Close Date). An import reads them as the canonical column and
/// says so; a header that matches nothing stays a custom field. Matched without regard to case.
enum HeaderSynonyms {
    static func canonical(_ header: String, of entity: Entity) -> String? {
        let lowered = header.lowercased()
        if entity.field(named: lowered) != nil { return lowered }  // Industry, AMOUNT
        return table[entity]?[lowered]
    }

    private static let table: [Entity: [String: String]] = [
        .teams: index([
            "id": ["团队编号", "团队id", "部门编号", "team id"],
            "name": ["团队名称", "团队", "部门名称", "部门", "team name"],
            "region": ["区域", "地区", "所属区域"],
            "parent_id": ["上级团队", "上级部门", "上级团队编号", "parent team"],
            "manager_id": ["经理", "团队经理", "部门经理", "负责人", "manager"],
        ]),
        .reps: index([
            "id": ["员工编号", "工号", "销售编号", "用户id", "user id", "employee id"],
            "name": ["姓名", "员工姓名", "销售姓名", "full name", "user name"],
            "email": ["邮箱", "电子邮件", "电子邮箱"],
            "team_id": ["团队", "所属团队", "团队编号", "部门", "所属部门", "team", "role name"],
            "role": ["角色", "岗位"],
            "level": ["职级", "级别"],
            "hired_on": ["入职日期", "入职时间", "hire date"],
        ]),
        .products: index([
            "id": ["产品编号", "产品id", "product id", "product code"],
            "name": ["产品名称", "产品", "product name"],
            "category": ["类别", "产品类别", "产品分类", "product category"],
            "list_price": ["标准价", "标价", "单价", "价格", "list price", "unit price"],
            "cost": ["成本", "成本价"],
        ]),
        .customers: index([
            "id": ["客户编号", "客户id", "客户代码", "account id", "客户编码"],
            "name": ["客户名称", "客户名", "公司名称", "企业名称", "account name"],
            "industry": ["行业", "所属行业"],
            "employees": ["员工人数", "人员规模", "员工数"],
            "region": ["区域", "地区", "所属区域", "省份", "billing state/province", "billing state"],
            "owner_id": ["负责人", "客户负责人", "负责人编号", "所属销售", "account owner"],
            "created_on": ["创建日期", "创建时间", "created date", "created time"],
            "source": ["来源", "客户来源", "线索来源", "lead source", "account source"],
            "status": ["状态", "客户状态", "account status"],
        ]),
        .contacts: index([
            "id": ["联系人编号", "联系人id", "contact id"],
            "customer_id": ["客户编号", "客户id", "所属客户编号", "account id"],
            "name": ["姓名", "联系人", "联系人姓名", "full name", "contact name"],
            "email": ["邮箱", "电子邮件", "电子邮箱"],
            "phone": ["电话", "手机", "手机号", "联系电话", "mobile"],
            "title": ["职务", "职位"],
        ]),
        .orders: index([
            "id": ["订单编号", "订单号", "销售订单编号", "order id", "order number"],
            "customer_id": ["客户编号", "客户id", "account id"],
            "rep_id": ["销售", "负责人", "销售代表", "销售编号", "order owner"],
            "product_id": ["产品编号", "产品id", "product id", "product code"],
            "ordered_on": ["下单日期", "订单日期", "下单时间", "order date", "created date"],
            "quantity": ["数量", "订购数量"],
            "amount": ["金额", "订单金额", "成交金额", "合计金额", "total", "grand total"],
            "currency": ["币种", "货币"],
        ]),
        .deals: index([
            "id": ["商机编号", "商机id", "opportunity id", "deal id"],
            "customer_id": ["客户编号", "客户id", "account id"],
            "owner_id": ["负责人", "商机负责人", "销售", "opportunity owner", "deal owner"],
            "name": ["商机名称", "opportunity name", "deal name"],
            "amount": ["金额", "商机金额", "预计金额", "预计成交金额"],
            "currency": ["币种", "货币", "opportunity currency"],
            "stage": ["阶段", "销售阶段", "商机阶段"],
            "status": ["状态", "商机状态"],
            "created_on": ["创建日期", "创建时间", "created date", "created time"],
            "expected_close_on": ["预计成交日期", "预计成交时间", "预计签单日期", "close date", "closing date"],
            "closed_on": ["成交日期", "关闭日期", "赢单日期"],
            "lost_reason": ["输单原因", "丢单原因", "loss reason", "reason for loss"],
        ]),
        .activities: index([
            "id": ["活动编号", "跟进记录编号", "activity id"],
            "rep_id": ["销售", "负责人", "跟进人", "assigned to"],
            "customer_id": ["客户编号", "客户id", "account id"],
            "deal_id": ["商机编号", "opportunity id"],
            "kind": ["类型", "活动类型", "跟进方式"],
            "occurred_at": ["时间", "跟进时间", "活动时间"],
            "duration_min": ["时长", "时长（分钟）", "时长(分钟)"],
            "outcome": ["结果", "跟进结果"],
            "notes": ["备注", "跟进内容", "描述", "description"],
        ]),
        .surveys: index([
            "customer_id": ["客户编号", "客户id"],
            "rep_id": ["销售", "负责人"],
            "score": ["评分", "满意度", "分数"],
            "responded_on": ["日期", "回复日期", "调查日期"],
            "comment": ["意见", "评价", "备注"],
        ]),
        .tasks: index([
            "id": ["任务编号", "任务id", "task id", "activity id"],
            "owner_id": ["负责人", "执行人", "跟进人", "assigned to", "task owner"],
            "customer_id": ["客户编号", "客户id", "account id"],
            "deal_id": ["商机编号", "opportunity id"],
            "kind": ["类型", "任务类型", "跟进方式", "type"],
            "subject": ["主题", "任务主题", "任务名称", "标题"],
            "due_on": ["截止日期", "到期日", "计划日期", "due date"],
            "status": ["状态", "任务状态"],
            "done_on": ["完成日期", "完成时间", "completed date"],
            "source": ["来源", "创建来源"],
            "created_at": ["创建时间", "创建日期", "created date", "created time"],
        ]),
    ]

    /// Synonym → canonical column, keyed in lower case.
    private static func index(_ synonyms: [String: [String]]) -> [String: String] {
        var byHeader: [String: String] = [:]
        for (canonical, names) in synonyms { for name in names { byHeader[name.lowercased()] = canonical } }
        return byHeader
    }
}
