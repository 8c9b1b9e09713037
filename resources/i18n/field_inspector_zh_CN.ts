<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/help.py" line="272"/>
        <source>About Field Inspector</source>
        <translation>关于现场执法助手</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="279"/>
        <source>Field Inspector %1 — offline-first work-safety enforcement.</source>
        <translation>现场执法助手 %1 —— 可离线使用的安全生产执法软件。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="283"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="285"/>
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="299"/>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="300"/>
        <source>Format</source>
        <translation>格式版本</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="301"/>
        <source>Fingerprint</source>
        <translation>指纹（SHA-256）</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="302"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="311"/>
        <source>The facts the app applies come from these files:</source>
        <translation>本软件适用的法规、标准和参数来自以下数据文件：</translation>
    </message>
</context>
<context>
    <name>AccidentListModel</name>
    <message>
        <location filename="../../ui/accidents_page.py" line="57"/>
        <source>Occurred</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="58"/>
        <source>Unit</source>
        <translation>事故单位</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="59"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="60"/>
        <source>Type</source>
        <translation>领域·类型</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="61"/>
        <source>Casualties and loss</source>
        <translation>伤亡和损失</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="62"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="63"/>
        <source>Reports up</source>
        <translation>逐级上报</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="64"/>
        <source>Listing</source>
        <translation>挂牌督办</translation>
    </message>
</context>
<context>
    <name>AccidentPage</name>
    <message>
        <location filename="../../ui/accident_page.py" line="107"/>
        <source>← Accidents</source>
        <translation>← 事故列表</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="119"/>
        <source>Supplementary report…</source>
        <translation>补报…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="120"/>
        <source>Report up…</source>
        <translation>逐级上报…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="121"/>
        <source>Extend the investigation…</source>
        <translation>延长调查期限…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="122"/>
        <source>Technical appraisal…</source>
        <translation>技术鉴定…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="123"/>
        <source>Report submitted…</source>
        <translation>提交调查报告…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="124"/>
        <source>Report approved…</source>
        <translation>调查报告批复…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="125"/>
        <source>Person held responsible…</source>
        <translation>追究责任…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="126"/>
        <source>Issue the listing notice</source>
        <translation>印发挂牌督办通知书</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="127"/>
        <source>Revoke the listing…</source>
        <translation>撤销挂牌督办…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="128"/>
        <source>Close the listing…</source>
        <translation>挂牌督办销号…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="129"/>
        <source>Open a penalty case</source>
        <translation>转立案查处</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="142"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="142"/>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="142"/>
        <source>Done</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="142"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="144"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="144"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="167"/>
        <source>Reports up the chain</source>
        <translation>事故报告</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="168"/>
        <source>Investigation</source>
        <translation>事故调查</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="169"/>
        <source>Listed supervision</source>
        <translation>挂牌督办</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="170"/>
        <source>Fines for the accident</source>
        <translation>事故罚款幅度</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="171"/>
        <source>Timeline</source>
        <translation>时间轴</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="230"/>
        <source>(no unit)</source>
        <translation>（无事故单位）</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="233"/>
        <source>re-graded: %1</source>
        <translation>等级变化：%1</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="234"/>
        <source>%1 accident</source>
        <translation>%1事故</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="272"/>
        <source>Report due: %1</source>
        <translation>调查报告期限：%1</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="274"/>
        <source>extended by %1 days</source>
        <translation>延长%1日</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="277"/>
        <source>%1 days of technical appraisal not counted</source>
        <translation>技术鉴定%1日不计入</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="282"/>
        <source>submitted %1</source>
        <translation>%1提交</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="284"/>
        <source>approved %1</source>
        <translation>%1批复</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="286"/>
        <source>reply due %1</source>
        <translation>批复期限：%1</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="295"/>
        <source>Held responsible: %1</source>
        <translation>追究责任：%1</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="316"/>
        <source>Unit (Art. 114, %1 accident): %2 yuan; especially serious: %3 yuan</source>
        <translation>事故单位（安全生产法第一百一十四条，%1事故）：%2元；情节特别严重、影响特别恶劣的：%3元</translation>
    </message>
    <message>
        <location filename="../../ui/accident_page.py" line="323"/>
        <source>Principal person (Art. 95): a share of last year&apos;s income by grade</source>
        <translation>主要负责人（第九十五条）：按事故等级处上一年年收入一定比例的罚款</translation>
    </message>
</context>
<context>
    <name>AccidentStepDialog</name>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="452"/>
        <source>Level</source>
        <translation>上报层级</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="453"/>
        <source>Reported by</source>
        <translation>报告人</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="456"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="457"/>
        <location filename="../../ui/accident_dialogs.py" line="467"/>
        <source>Approved by</source>
        <translation>批准机关</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="458"/>
        <location filename="../../ui/accident_dialogs.py" line="477"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="461"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="462"/>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="463"/>
        <source>What is appraised</source>
        <translation>鉴定事项</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="465"/>
        <source>Submitted by</source>
        <translation>提交单位</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="468"/>
        <source>Approval number</source>
        <translation>批复文号</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="471"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="472"/>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="473"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="474"/>
        <source>Measure</source>
        <translation>追责方式</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="475"/>
        <source>Detail</source>
        <translation>具体处理</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="478"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="517"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="529"/>
        <source>Approver</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="535"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
</context>
<context>
    <name>AccidentsPage</name>
    <message>
        <location filename="../../ui/accidents_page.py" line="145"/>
        <source>All counties</source>
        <translation>全部县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="150"/>
        <source>All years</source>
        <translation>全部年份</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="156"/>
        <source>All grades</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="161"/>
        <source>All sectors</source>
        <translation>全部领域</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="170"/>
        <source>Record an accident…</source>
        <translation>登记事故…</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="172"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="173"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="210"/>
        <source>Accidents</source>
        <translation>事故登记</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="211"/>
        <source>Warning notices</source>
        <translation>警示通报</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="212"/>
        <source>Listed supervision</source>
        <translation>挂牌督办</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="215"/>
        <source>Report checks</source>
        <translation>事故报告检查</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="252"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="262"/>
        <source>Accidents: %1, reported late or overdue: %2, listed: %3</source>
        <translation>事故%1起，迟报或逾期未报%2起，挂牌督办%3起</translation>
    </message>
    <message>
        <location filename="../../ui/accidents_page.py" line="307"/>
        <source>Accident register</source>
        <translation>生产安全事故登记表</translation>
    </message>
</context>
<context>
    <name>ArticlePicker</name>
    <message>
        <location filename="../../ui/decision_dialog.py" line="63"/>
        <source>Article number, id or words</source>
        <translation>条款号、编号或关键词</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="83"/>
        <source>(no article yet)</source>
        <translation>（暂未选择条款）</translation>
    </message>
</context>
<context>
    <name>BulletinDialog</name>
    <message>
        <location filename="../../ui/accident_checks.py" line="370"/>
        <source>Quarterly bulletin</source>
        <translation>季度检查通报</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="379"/>
        <source>Overall finding</source>
        <translation>总体情况</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="380"/>
        <source>Issued on</source>
        <translation>印发日期</translation>
    </message>
</context>
<context>
    <name>BulletinPage</name>
    <message>
        <location filename="../../ui/bulletin_page.py" line="180"/>
        <source>at most </source>
        <translation>最多</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="184"/>
        <source>Issue the bulletin</source>
        <translation>印发通报</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="192"/>
        <source>Period</source>
        <translation>通报期次</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="196"/>
        <source>Issued on</source>
        <translation>印发日期</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="238"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="250"/>
        <source>Decided in the period: %1; already published: %2</source>
        <translation>本期作出处罚决定%1件，已公开%2件</translation>
    </message>
</context>
<context>
    <name>CampaignDashboard</name>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="48"/>
        <location filename="../../ui/campaign_dashboard.py" line="62"/>
        <location filename="../../ui/campaign_dashboard.py" line="71"/>
        <location filename="../../ui/campaign_dashboard.py" line="209"/>
        <source>Group</source>
        <translation>督查组</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="49"/>
        <location filename="../../ui/campaign_dashboard.py" line="63"/>
        <location filename="../../ui/campaign_dashboard.py" line="210"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="50"/>
        <location filename="../../ui/campaign_dashboard.py" line="64"/>
        <location filename="../../ui/campaign_dashboard.py" line="213"/>
        <source>Checks</source>
        <translation>检查单位数</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="51"/>
        <location filename="../../ui/campaign_dashboard.py" line="65"/>
        <location filename="../../ui/campaign_dashboard.py" line="214"/>
        <source>Problems</source>
        <translation>发现问题数</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="52"/>
        <location filename="../../ui/campaign_dashboard.py" line="66"/>
        <location filename="../../ui/campaign_dashboard.py" line="80"/>
        <location filename="../../ui/campaign_dashboard.py" line="215"/>
        <source>Rectified on the spot</source>
        <translation>当场整改</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="53"/>
        <location filename="../../ui/campaign_dashboard.py" line="67"/>
        <location filename="../../ui/campaign_dashboard.py" line="216"/>
        <source>Cases</source>
        <translation>立案查处</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="54"/>
        <source>Tracked</source>
        <translation>跟踪问题</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="55"/>
        <source>Rectified</source>
        <translation>已整改</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="56"/>
        <source>Escalated</source>
        <translation>已移交</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="57"/>
        <source>Open</source>
        <translation>整改中</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="58"/>
        <location filename="../../ui/campaign_dashboard.py" line="75"/>
        <location filename="../../ui/campaign_dashboard.py" line="83"/>
        <source>Overdue</source>
        <translation>逾期未改</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="61"/>
        <location filename="../../ui/campaign_dashboard.py" line="211"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="70"/>
        <source>Enterprise</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="72"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="73"/>
        <source>Found on</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="74"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="78"/>
        <source>Enterprises checked</source>
        <translation>检查单位（家）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="79"/>
        <source>Problems found</source>
        <translation>发现问题（项）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="81"/>
        <source>Cases filed</source>
        <translation>立案查处（起）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="82"/>
        <source>Problems open</source>
        <translation>整改中（项）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="151"/>
        <source>Campaign</source>
        <translation>专项行动</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="155"/>
        <source>New campaign…</source>
        <translation>新建专项督查…</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="183"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="184"/>
        <source>Daily reports</source>
        <translation>每日报送</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="186"/>
        <source>Problems to follow up</source>
        <translation>待跟踪问题</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="189"/>
        <source>Daily report of a group</source>
        <translation>督查组每日报送</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="203"/>
        <source>Edit the group…</source>
        <translation>编辑督查组…</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="223"/>
        <source>Save the report</source>
        <translation>保存报送</translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message>
        <location filename="../../ui/bulletin_page.py" line="81"/>
        <source>In the bulletin</source>
        <translation>入选通报</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="82"/>
        <source>Case number</source>
        <translation>案号</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="83"/>
        <source>As the bulletin tells it</source>
        <translation>通报标题（已隐去个人信息）</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="84"/>
        <source>Penalty</source>
        <translation>处罚结果</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="85"/>
        <source>Decided on</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <location filename="../../ui/bulletin_page.py" line="136"/>
        <source>published</source>
        <translation>已公开</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../ui/cases_page.py" line="57"/>
        <source>Case number</source>
        <translation>案号</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="58"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="59"/>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="60"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="61"/>
        <source>Next deadline</source>
        <translation>最近期限</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="62"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="63"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <location filename="../../ui/case_page.py" line="103"/>
        <source>%n day(s) overdue</source>
        <translation>已逾期 %n 日</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="104"/>
        <source>%n day(s) left</source>
        <translation>剩余 %n 日</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="137"/>
        <source>Back to the list</source>
        <translation>返回列表</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="151"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="151"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="151"/>
        <source>By</source>
        <translation>经办</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="151"/>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="166"/>
        <source>Next steps</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="171"/>
        <source>Issue…</source>
        <translation>出具…</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="180"/>
        <source>Deadlines</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="182"/>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="239"/>
        <source>no article chosen</source>
        <translation>未选择条款</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="244"/>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="245"/>
        <source>Article</source>
        <translation>处罚依据</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="246"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="247"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="248"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="267"/>
        <source>approved by %1</source>
        <translation>批准人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="291"/>
        <source>hearing right</source>
        <translation>有听证权</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="300"/>
        <source>hearing on %1</source>
        <translation>听证日期：%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="303"/>
        <source>power cut from %1</source>
        <translation>自%1起停止供电</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="305"/>
        <source>due %1</source>
        <translation>缴款期限：%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="310"/>
        <source>detention of %1 days</source>
        <translation>行政拘留%1日</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="312"/>
        <source>criminal case filed</source>
        <translation>已刑事立案</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="327"/>
        <source>No deadline running.</source>
        <translation>无正在计算的期限。</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="346"/>
        <source>Nothing more to record</source>
        <translation>无可办理的环节</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="357"/>
        <source>Issued on %1</source>
        <translation>出具于%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="440"/>
        <source>Provisional number</source>
        <translation>临时编号</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="443"/>
        <source>Issue with the provisional number</source>
        <translation>以临时编号出具</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="475"/>
        <source>%1 issued as %2.</source>
        <translation>《%1》已出具，文号 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="476"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
</context>
<context>
    <name>CaseStages</name>
    <message>
        <location filename="../../ui/case_page.py" line="62"/>
        <source>To be filed</source>
        <translation>待立案</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="63"/>
        <source>Under investigation</source>
        <translation>调查中</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="64"/>
        <source>Notified</source>
        <translation>已告知</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="65"/>
        <source>Decided</source>
        <translation>已决定</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="66"/>
        <source>Being carried out</source>
        <translation>执行中</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="67"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="68"/>
        <source>Not filed</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="69"/>
        <source>Transferred</source>
        <translation>已移送</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../ui/cases_page.py" line="118"/>
        <source>Any deadline</source>
        <translation>全部期限</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="119"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="120"/>
        <source>Due within 7 days</source>
        <translation>7日内到期</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="139"/>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="148"/>
        <location filename="../../ui/cases_page.py" line="248"/>
        <source>All officers</source>
        <translation>全部执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="151"/>
        <source>All counties</source>
        <translation>全部县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="158"/>
        <source>New case…</source>
        <translation>新建案件…</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="160"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="169"/>
        <source>Penalty cases</source>
        <translation>行政处罚案件</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="239"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="255"/>
        <source>Cases: %1, overdue: %2</source>
        <translation>共 %1 件，其中逾期 %2 件</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="263"/>
        <source>The cases could not be listed: %1</source>
        <translation>无法列出案件：%1</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/store_unlock.py" line="234"/>
        <source>Change the password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="236"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="238"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="240"/>
        <source>The same password again</source>
        <translation>再次输入同一密码</translation>
    </message>
</context>
<context>
    <name>CheckModel</name>
    <message>
        <location filename="../../ui/accident_checks.py" line="70"/>
        <source>Accident</source>
        <translation>事故</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="71"/>
        <source>Report approved</source>
        <translation>调查报告批复</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="72"/>
        <source>Checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="73"/>
        <source>Defects found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="94"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="94"/>
        <source>not yet</source>
        <translation>未检查</translation>
    </message>
</context>
<context>
    <name>ChecklistTable</name>
    <message>
        <location filename="../../ui/checklist_table.py" line="45"/>
        <source>Item</source>
        <translation>检查内容</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="46"/>
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="47"/>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="48"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="49"/>
        <location filename="../../ui/checklist_table.py" line="129"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="65"/>
        <source>Keys: ↑↓ move · 1 compliant · 2 hazard · 3 not applicable · 0 clear · double-click for a note</source>
        <translation>按键：↑↓ 移动 · 1 符合 · 2 存在隐患 · 3 不适用 · 0 清除 · 双击填写备注</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="75"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="95"/>
        <source>Compliant</source>
        <translation>符合</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="96"/>
        <source>Hazard</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_table.py" line="97"/>
        <source>N/A</source>
        <translation>不适用</translation>
    </message>
</context>
<context>
    <name>ClueDialog</name>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="172"/>
        <source>Record a clue</source>
        <translation>记录涉嫌犯罪线索</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="180"/>
        <source>e.g. the county public security bureau</source>
        <translation>如：县（市、区）公安局</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="205"/>
        <source>Direction</source>
        <translation>线索方向</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="206"/>
        <source>Other organ</source>
        <translation>对方机关</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="207"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="208"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="209"/>
        <source>Suspected crime</source>
        <translation>涉嫌罪名</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="210"/>
        <source>What it is about</source>
        <translation>线索内容</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="211"/>
        <source>Sent or received on</source>
        <translation>移送（接收）日期</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../ui/crash.py" line="87"/>
        <source>Field Inspector — unexpected error</source>
        <translation>安全生产执法检查 — 程序出错</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="97"/>
        <source>The program ran into an error it did not expect. This is a fault in the program, not in what you entered. What was saved before is kept; the action that failed may not have been saved. Please send the details below and the log file to your administrator.</source>
        <translation>程序遇到了意外错误。这是程序本身的问题，不是您输入有误。此前已保存的内容不受影响；出错的这一步可能没有保存。请把下面的详细信息和日志文件发给系统管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="110"/>
        <source>Log file: %1</source>
        <translation>日志文件：%1</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="115"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="118"/>
        <source>Open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>DailyFineDialog</name>
    <message>
        <location filename="../../ui/daily_fine.py" line="42"/>
        <source>Daily fine calculator</source>
        <translation>按日连续处罚计算</translation>
    </message>
    <message>
        <location filename="../../ui/daily_fine.py" line="55"/>
        <source>the original fine again for each day, from the day after the order.</source>
        <translation>自作出责令改正之日的次日起，按照原处罚数额按日连续处罚。</translation>
    </message>
    <message>
        <location filename="../../ui/daily_fine.py" line="118"/>
        <source>Enter the original fine and both dates.</source>
        <translation>请输入原罚款数额和两个日期。</translation>
    </message>
    <message>
        <location filename="../../ui/daily_fine.py" line="122"/>
        <source>%1 days × the original fine = %2</source>
        <translation>%1 日 × 原罚款数额 = %2</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../ui/decision_dialog.py" line="173"/>
        <source>yuan, 0 if none</source>
        <translation>元，没有填0</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="176"/>
        <location filename="../../ui/decision_dialog.py" line="206"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="181"/>
        <source>Especially serious circumstances</source>
        <translation>情节特别严重、影响特别恶劣</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="194"/>
        <source>Fine in yuan, e.g. 20000</source>
        <translation>罚款金额（元），如 20000</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="235"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="236"/>
        <source>Article</source>
        <translation>处罚依据</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="237"/>
        <source>Party penalised</source>
        <translation>处罚对象</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="238"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="239"/>
        <source>Illegal gains</source>
        <translation>违法所得</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="240"/>
        <source>Prior-year income</source>
        <translation>上一年年收入</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="241"/>
        <source>Accident grade</source>
        <translation>事故等级</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="243"/>
        <source>Statutory range</source>
        <translation>法定幅度</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="244"/>
        <source>Circumstances</source>
        <translation>情节</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="245"/>
        <source>Fine</source>
        <translation>罚款</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="246"/>
        <source>In capitals</source>
        <translation>大写</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="247"/>
        <source>Other penalties</source>
        <translation>其他处罚</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="248"/>
        <source>Confiscated (yuan)</source>
        <translation>没收金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="249"/>
        <source>Lighter or mitigated</source>
        <translation>从轻或减轻</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="250"/>
        <source>Ground (Arts. 30-32)</source>
        <translation>从轻、减轻情形（第三十条至第三十二条）</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="251"/>
        <source>Reason above the band</source>
        <translation>高于裁量基准的理由</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="252"/>
        <source>Case features</source>
        <translation>案件情形</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="253"/>
        <source>Accident</source>
        <translation>事故</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="254"/>
        <source>Hearing</source>
        <translation>听证</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="255"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="357"/>
        <source>Choose the article.</source>
        <translation>请选择处罚依据条款。</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="445"/>
        <source>suggested %1 to %2</source>
        <translation>建议 %1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="465"/>
        <source>The party may ask for a hearing (a larger amount, Art. 63).</source>
        <translation>当事人有权要求听证（较大数额罚款，《行政处罚法》第六十三条）。</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="468"/>
        <source>No hearing right: below the larger amount.</source>
        <translation>未达到较大数额，不适用听证。</translation>
    </message>
</context>
<context>
    <name>DelegationRegister</name>
    <message>
        <location filename="../../ui/delegation_register.py" line="43"/>
        <location filename="../../ui/delegation_register.py" line="136"/>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="44"/>
        <location filename="../../ui/delegation_register.py" line="137"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="45"/>
        <location filename="../../ui/delegation_register.py" line="138"/>
        <location filename="../../ui/delegation_register.py" line="170"/>
        <source>Town</source>
        <translation>镇（街道）</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="46"/>
        <location filename="../../ui/delegation_register.py" line="139"/>
        <source>Delegating authority</source>
        <translation>委托机关</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="47"/>
        <location filename="../../ui/delegation_register.py" line="140"/>
        <source>Matters</source>
        <translation>委托事项</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="48"/>
        <location filename="../../ui/delegation_register.py" line="143"/>
        <source>Valid from</source>
        <translation>有效期起</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="49"/>
        <location filename="../../ui/delegation_register.py" line="144"/>
        <source>Valid to</source>
        <translation>有效期止</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="50"/>
        <location filename="../../ui/delegation_register.py" line="142"/>
        <source>Published on</source>
        <translation>公布日期</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="51"/>
        <location filename="../../ui/delegation_register.py" line="59"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="54"/>
        <location filename="../../ui/delegation_register.py" line="168"/>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="55"/>
        <source>Park</source>
        <translation>派驻园区</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="56"/>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="57"/>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="58"/>
        <source>Order number</source>
        <translation>派驻文号</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="96"/>
        <source>Revoke…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="102"/>
        <source>Record a letter</source>
        <translation>登记委托书</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="132"/>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="141"/>
        <source>Signed on</source>
        <translation>签发日期</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="145"/>
        <source>Where published</source>
        <translation>公布载体</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="149"/>
        <source>May this officer act here?</source>
        <translation>执法权限查询</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="161"/>
        <source>Check</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="169"/>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="171"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="184"/>
        <source>Letters</source>
        <translation>委托书</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="186"/>
        <source>Park stationing roster</source>
        <translation>园区派驻名册</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="300"/>
        <source>Letter: select the letter to revoke.</source>
        <translation>委托书：请先选择要撤销的委托书。</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="305"/>
        <source>Revoke</source>
        <translation>撤销委托书</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="305"/>
        <source>Why the letter is revoked:</source>
        <translation>撤销理由：</translation>
    </message>
    <message>
        <location filename="../../ui/delegation_register.py" line="336"/>
        <source>Allowed, in the name of %1</source>
        <translation>可以办理，以%1名义</translation>
    </message>
</context>
<context>
    <name>DrawPage</name>
    <message>
        <location filename="../../ui/draw_wizard.py" line="172"/>
        <source>Officers and the draw</source>
        <translation>执法人员与抽取</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="174"/>
        <source>Officers certified on the planned day, in teams; the seed is drawn by the app</source>
        <translation>计划检查日持有效执法证的执法人员组成检查组；随机种子由软件生成</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="190"/>
        <source>Officers of the enterprise&apos;s own county</source>
        <translation>只选派企业所在县（市、区）的执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="192"/>
        <source>Covert check (暗查暗访)</source>
        <translation>暗查暗访</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="198"/>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="199"/>
        <source>Enterprises to draw</source>
        <translation>抽取企业数</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="200"/>
        <source>Planned day</source>
        <translation>计划检查日期</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="201"/>
        <source>Officers a team</source>
        <translation>每组人数</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="204"/>
        <source>Officer pool</source>
        <translation>执法人员名录库</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="213"/>
        <source>%1 random check %2</source>
        <translation>%1双随机抽查（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="237"/>
        <source>%1 officers certified on the planned day</source>
        <translation>计划检查日持证执法人员%1名</translation>
    </message>
</context>
<context>
    <name>DrawRecord</name>
    <message>
        <location filename="../../ui/draw_wizard.py" line="305"/>
        <source>Drawn on %1 for %2; algorithm %3</source>
        <translation>抽取日期：%1，计划检查日期：%2，算法：%3</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="309"/>
        <source>Seed: %1</source>
        <translation>随机种子：%1</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="310"/>
        <source>Object pool: %1 entries, SHA-256 %2</source>
        <translation>检查对象名录库：%1家，SHA-256 %2</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="313"/>
        <source>Officer pool: SHA-256 %1</source>
        <translation>执法检查人员名录库：SHA-256 %1</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="316"/>
        <source>Result: SHA-256 %1</source>
        <translation>抽取结果：SHA-256 %1</translation>
    </message>
</context>
<context>
    <name>DrawWizard</name>
    <message>
        <location filename="../../ui/draw_wizard.py" line="46"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="47"/>
        <source>Enterprise</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="48"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="49"/>
        <source>County</source>
        <translation>所属县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="50"/>
        <source>Officers</source>
        <translation>检查人员</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="51"/>
        <source>Planned day</source>
        <translation>计划检查日期</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="336"/>
        <source>Random check draw</source>
        <translation>双随机抽取</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="342"/>
        <source>Draw</source>
        <translation>抽取</translation>
    </message>
</context>
<context>
    <name>DrawsPage</name>
    <message>
        <location filename="../../ui/draws_page.py" line="39"/>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="40"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="41"/>
        <source>Drawn on</source>
        <translation>抽取日期</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="42"/>
        <source>Planned day</source>
        <translation>计划检查日期</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="43"/>
        <source>Pool</source>
        <translation>对象库（家）</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="44"/>
        <source>Drawn</source>
        <translation>抽中（家）</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="45"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="48"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="49"/>
        <source>Enterprise</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="50"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="51"/>
        <source>Inspected on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="52"/>
        <location filename="../../ui/draws_page.py" line="119"/>
        <source>Result</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="53"/>
        <source>Publish by</source>
        <translation>公示期限</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="54"/>
        <source>Publication</source>
        <translation>公示状态</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="72"/>
        <source>New draw…</source>
        <translation>新建抽取…</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="75"/>
        <source>Verify</source>
        <translation>核验</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="78"/>
        <source>Redraw…</source>
        <translation>重新抽取…</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="81"/>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="84"/>
        <source>Record publication…</source>
        <translation>记录公示…</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="87"/>
        <source>Export notice to PDF…</source>
        <translation>导出公示PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="120"/>
        <source>Results to publish</source>
        <translation>检查结果公示</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="161"/>
        <source>Replaced by a redraw</source>
        <translation>已被重新抽取</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="163"/>
        <location filename="../../ui/draws_page.py" line="281"/>
        <source>Redraw</source>
        <translation>重新抽取</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="165"/>
        <source>In force</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="167"/>
        <source> · covert</source>
        <translation>（暗查暗访）</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="213"/>
        <source>Redrawn because: %1</source>
        <translation>重新抽取理由：%1</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="257"/>
        <source>Verifying…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="281"/>
        <source>Why the draw is made again (kept on record):</source>
        <translation>重新抽取的理由（记入抽取记录）：</translation>
    </message>
    <message>
        <location filename="../../ui/draws_page.py" line="328"/>
        <source>Export notice to PDF</source>
        <translation>导出公示PDF</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../../ui/enterprise_dialog.py" line="45"/>
        <source>Edit entry</source>
        <translation>编辑单位信息</translation>
    </message>
    <message>
        <location filename="../../ui/enterprise_dialog.py" line="45"/>
        <source>New entry</source>
        <translation>新增单位</translation>
    </message>
    <message>
        <location filename="../../ui/enterprise_dialog.py" line="206"/>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>未保存：请更正标红的字段。</translation>
    </message>
    <message>
        <location filename="../../ui/enterprise_dialog.py" line="244"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../ui/export.py" line="59"/>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="61"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="75"/>
        <source>Not exported</source>
        <translation>未导出</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="117"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/export.py" line="174"/>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
</context>
<context>
    <name>FiguresBox</name>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="92"/>
        <source>Deaths</source>
        <translation>死亡</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="93"/>
        <source>Missing</source>
        <translation>失踪</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="94"/>
        <source>Serious injuries</source>
        <translation>重伤</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="95"/>
        <source>Minor injuries</source>
        <translation>轻伤</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="107"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="109"/>
        <source>Direct economic loss (yuan)</source>
        <translation>直接经济损失（元）</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="155"/>
        <source>The loss is not a number of yuan.</source>
        <translation>直接经济损失不是以元计的数额。</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="158"/>
        <source>Grade: %1 accident</source>
        <translation>事故等级：%1事故</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="161"/>
        <source>listed supervision: %1</source>
        <translation>挂牌督办：%1</translation>
    </message>
</context>
<context>
    <name>GroupChart</name>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="108"/>
        <source>Checks (blue) and problems (orange) by group</source>
        <translation>各督查组检查单位数（蓝）与发现问题数（橙）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dashboard.py" line="110"/>
        <source>No reports yet</source>
        <translation>尚无报送</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="214"/>
        <source>Group %1</source>
        <translation>督查组：%1</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="239"/>
        <source>Add the member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="258"/>
        <source>Its counties</source>
        <translation>负责县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="259"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="260"/>
        <source>Department</source>
        <translation>所在部门</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="261"/>
        <source>Role</source>
        <translation>职责</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="262"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
</context>
<context>
    <name>HazardBoardModel</name>
    <message>
        <location filename="../../ui/hazard_board.py" line="65"/>
        <source>Enterprise</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="66"/>
        <source>Hazard</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="67"/>
        <source>Location</source>
        <translation>部位</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="68"/>
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="69"/>
        <source>Found on</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="70"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="71"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="72"/>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="81"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="83"/>
        <source>Some events recorded on other devices did not fit this hazard&apos;s history and were kept aside; check its inspection.</source>
        <translation>其他设备记录的部分处理环节与该隐患的处理过程不符，已单独保留，请核查其检查记录。</translation>
    </message>
</context>
<context>
    <name>HazardBoardPage</name>
    <message>
        <location filename="../../ui/hazard_board.py" line="174"/>
        <source>Not rectified</source>
        <translation>未整改</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="175"/>
        <source>Due this week</source>
        <translation>本周到期</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="176"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="177"/>
        <source>Closed</source>
        <translation>已销号</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="178"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="207"/>
        <source>All counties</source>
        <translation>全部县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="214"/>
        <location filename="../../ui/hazard_board.py" line="357"/>
        <source>All towns</source>
        <translation>全部镇（街道）</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="220"/>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="227"/>
        <source>Major and general</source>
        <translation>重大和一般隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="228"/>
        <source>Major hazards</source>
        <translation>重大隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="229"/>
        <source>General hazards</source>
        <translation>一般隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="243"/>
        <source>Review…</source>
        <translation>复查…</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="246"/>
        <source>Review the selected hazards (one enterprise, rectification ordered)</source>
        <translation>复查所选隐患（同一单位、已责令整改）</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="250"/>
        <source>Open a penalty case…</source>
        <translation>转立案查处…</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="253"/>
        <source>The review failed: the hazard goes to a penalty case (安全生产法 Art. 102)</source>
        <translation>复查不合格：转立案查处（《安全生产法》第一百零二条）</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="267"/>
        <source>Hazards</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="385"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="401"/>
        <source>Hazards: %1, overdue: %2</source>
        <translation>共 %1 项，其中逾期 %2 项</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="412"/>
        <source>The hazards could not be listed: %1</source>
        <translation>无法列出隐患：%1</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="484"/>
        <source>Open a penalty case</source>
        <translation>转立案查处</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="485"/>
        <source>Why the hazard goes to a case (kept with the hazard):</source>
        <translation>转立案的理由（随隐患保存）：</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="486"/>
        <source>Not rectified at the review: case to be filed</source>
        <translation>复查未整改，拟立案查处</translation>
    </message>
</context>
<context>
    <name>HazardPanel</name>
    <message>
        <location filename="../../ui/hazard_panel.py" line="94"/>
        <source>Hazards</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="113"/>
        <source>New hazard</source>
        <translation>新增隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="115"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="127"/>
        <source>Major hazard</source>
        <translation>重大事故隐患</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/hazard_panel.py" line="147"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="158"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="161"/>
        <source>Description</source>
        <translation>隐患描述</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="162"/>
        <source>Location</source>
        <translation>部位</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="163"/>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="165"/>
        <source>On-site measures</source>
        <translation>现场处理措施</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="166"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="167"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="306"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="306"/>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../ui/help.py" line="35"/>
        <source>The registry of enterprises and individual businesses of the jurisdiction: search by name, pinyin initials, code or address; filter by county, town, industry and key supervision; edit an entry (its history is kept); import a registry file (the changes are listed before anything is written); start an inspection.</source>
        <translation>辖区企业和个体工商户名录：按名称、拼音首字母、信用代码或地址搜索；按县（市、区）、镇（街道）、行业和重点监管筛选；修改条目（保留修改记录）；导入名录文件（写入前列出将修改的条目）；发起现场检查。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="42"/>
        <source>Unified social credit code: GB 32100-2015 (the 18th character is a check character). Industry sections: GB/T 4754-2017.</source>
        <translation>统一社会信用代码：GB 32100-2015（第18位为校验码）。国民经济行业门类：GB/T 4754-2017。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="47"/>
        <source>Ctrl+F search box · F5 list again · Ctrl+N new entry · Ctrl+S save the entry being edited.</source>
        <translation>Ctrl+F 搜索框 · F5 刷新 · Ctrl+N 新建条目 · Ctrl+S 保存正在编辑的条目。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="54"/>
        <source>On-site inspections: at least two certified officers, the industry checklist, hazards with photos and deadlines, signatures, and the inspection documents (inspection record, rectification order, review opinion).</source>
        <translation>现场检查：两名以上持证执法人员，按行业检查表检查，隐患附照片和整改期限，签名，出具现场检查记录、责令限期整改指令书、整改复查意见书等文书。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="60"/>
        <source>Work Safety Law Art. 65 (on-site inspection, orders to rectify); Administrative Penalty Law Art. 42 (at least two officers with certificates); Major accident hazard criteria for industry and trade enterprises (MEM Order No. 10, 2023).</source>
        <translation>《安全生产法》第六十五条（现场检查、责令整改）；《行政处罚法》第四十二条（执法人员不得少于两人并持证）；《工贸企业重大事故隐患判定标准》（应急管理部令第10号，2023年）。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="66"/>
        <source>Ctrl+N new inspection · Ctrl+S save the draft now · Ctrl+P print the latest document · 1/2/3 on a checklist row: compliant / hazard / not applicable · F5.</source>
        <translation>Ctrl+N 新建检查 · Ctrl+S 立即保存草稿 · Ctrl+P 打印最近出具的文书 · 检查表行上按 1/2/3：符合 / 隐患 / 不适用 · F5 刷新。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="73"/>
        <source>The hazard closed loop: found, ordered, extended, reviewed, closed or escalated to a case; what is due this week and what is overdue; major hazards under listed supervision.</source>
        <translation>隐患闭环：发现、责令整改、延期、复查、销号或转立案；本周到期和逾期未整改的隐患；挂牌督办的重大事故隐患。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="79"/>
        <source>Work Safety Law Art. 41 (hazard elimination and listed supervision of major hazards), Art. 65 (orders to rectify within a time limit), Art. 102 (penalties for hazards not eliminated).</source>
        <translation>《安全生产法》第四十一条（事故隐患排查治理、重大事故隐患治理督办），第六十五条（责令限期整改），第一百零二条（未采取措施消除事故隐患的处罚）。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="85"/>
        <location filename="../../ui/help.py" line="120"/>
        <location filename="../../ui/help.py" line="135"/>
        <location filename="../../ui/help.py" line="162"/>
        <location filename="../../ui/help.py" line="176"/>
        <source>F5 list again.</source>
        <translation>F5 刷新。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="88"/>
        <source>Penalty cases from filing to closure: approval, evidence, legal basis with the statutory fine range and the discretion band, notice of rights, hearing, decision, payment and closure; transfers to the police and the judiciary.</source>
        <translation>行政处罚案件从立案到结案：审批、证据、法律依据及法定罚款幅度和裁量区间、告知权利、听证、决定、缴款和结案；移送公安机关和司法机关。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="94"/>
        <source>Administrative Penalty Law Arts. 36 (limitation: two years, five when life, health or safety was harmed), 44-45 (notice, statement), 63-65 (hearing); Work Safety Law Chapter VI (Arts. 93-114), Art. 112 (daily continuous fines).</source>
        <translation>《行政处罚法》第三十六条（追责期限二年，涉及公民生命健康安全的延长至五年）、第四十四条至第四十五条（告知、陈述申辩）、第六十三条至第六十五条（听证）；《安全生产法》第六章（第九十三条至第一百一十四条），第一百一十二条（按日连续处罚）。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="100"/>
        <source>Ctrl+N new case · Ctrl+P print the latest document of the open case · F5.</source>
        <translation>Ctrl+N 新建案件 · Ctrl+P 打印当前案件最近的文书 · F5 刷新。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="106"/>
        <source>Annual inspection plans of the city, the county-level units and the towns, approved top down; tasks and teams; random draws of targets and officers (双随机) recorded with their seed and verifiable; campaigns with supervision groups; delegation letters; joint inspections and police clues. Covert checks are shown only to whom may see them.</source>
        <translation>市、县（市、区）、乡镇三级年度检查计划，自上而下审批；检查任务与检查组；“双随机”抽取检查对象和执法人员，记录随机种子、可复核；专项督查及督查组；委托书；联合执法与涉刑线索移送。暗查暗访只向有权查看的人员显示。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="114"/>
        <source>State Council Opinion on 双随机、一公开 (国发〔2019〕5号); Work Safety Law Art. 62 (annual inspection plans); Administrative Penalty Law Arts. 20 (entrustment) and 24 (powers handed to towns).</source>
        <translation>《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）；《安全生产法》第六十二条（年度监督检查计划）；《行政处罚法》第二十条（委托）、第二十四条（交由乡镇街道行使）。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="123"/>
        <source>Accidents with their grade, reports up the chain and their deadlines, the investigation, listed supervision, warning notices and the quarterly checks of investigation reports; a penalty case opened from an accident shows its grade&apos;s fine ranges.</source>
        <translation>生产安全事故：事故等级、逐级上报及其时限、事故调查、挂牌督办、警示通报、事故调查报告季度检查；由事故立案的处罚案件显示该等级的罚款幅度。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="130"/>
        <source>State Council Order No. 493 Arts. 3 (grades), 9-13 (reports and supplements), 29 (investigation period); Work Safety Law Arts. 95 and 114 (fines by grade).</source>
        <translation>《生产安全事故报告和调查处理条例》（国务院令第493号）第三条（事故等级）、第九至十三条（报告与补报）、第二十九条（调查期限）；《安全生产法》第九十五条、第一百一十四条（按事故等级罚款）。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="138"/>
        <source>The monthly penalty report per county-level unit with the year to date, last year&apos;s figures, the change and the ranks; its charts and exports; typical-case bulletins and SMS notice lists.</source>
        <translation>安全生产行政处罚每月通报：各县（市、区）当月及累计数据、去年同期、增减和排名；图表和导出；典型案例通报和短信提醒名单。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="144"/>
        <source>Administrative Penalty Law Art. 48 (publication of decisions, withdrawn within 3 days when a decision is changed).</source>
        <translation>《行政处罚法》第四十八条（行政处罚决定公开；决定被变更、撤销的，应在三日内撤回公开信息）。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="149"/>
        <source>F5 count again.</source>
        <translation>F5 重新统计。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="152"/>
        <source>The officers of the jurisdiction with their enforcement certificates; an expired certificate is marked, and its holder cannot sign an inspection.</source>
        <translation>辖区执法人员及其执法证件；过期证件予以标示，持证人不能在检查记录上签名。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="157"/>
        <source>Administrative Penalty Law Art. 42: enforcement by officers with enforcement certificates, at least two.</source>
        <translation>《行政处罚法》第四十二条：由具有行政执法资格的执法人员实施，执法人员不得少于两人。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="165"/>
        <source>Synchronisation with the central server: sign in, send this computer&apos;s changes, receive the jurisdiction&apos;s records; conflicts and refused records are listed with their author and reason. A demo store is never sent to a server.</source>
        <translation>与中心服务器同步：登录，上传本机的修改，下载辖区的记录；冲突和被拒绝的记录列出修改人和原因。演示数据不会上传到服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="171"/>
        <source>Documents get their numbers on this computer; the server checks the same rules as the app before it accepts a record.</source>
        <translation>文书编号在本机生成；服务器接收记录前按与本软件相同的规则检查。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="179"/>
        <source>This area is being built; its page says what it will do.</source>
        <translation>该功能正在建设中，页面上说明了它将提供的功能。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="191"/>
        <source>What it is for</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="192"/>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="193"/>
        <source>Keyboard</source>
        <translation>键盘</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../ui/help.py" line="231"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="238"/>
        <source>This page</source>
        <translation>本页</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="241"/>
        <source>All pages</source>
        <translation>所有页面</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="247"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="247"/>
        <source>Does</source>
        <translation>功能</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="249"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/import_dialog.py" line="50"/>
        <source>Import registry: %1</source>
        <translation>导入企业名录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="53"/>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="61"/>
        <location filename="../../ui/import_dialog.py" line="76"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="61"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="61"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="68"/>
        <source>Existing entries this import will change (check them before importing):</source>
        <translation>本次导入将修改的已有条目（导入前请核对）：</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="76"/>
        <source>Code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="76"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="76"/>
        <source>Changes</source>
        <translation>修改内容</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="82"/>
        <source>Save problem list…</source>
        <translation>导出问题清单…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="85"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="89"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="121"/>
        <source>Checking rows</source>
        <translation>正在检查</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="122"/>
        <source>Computing pinyin</source>
        <translation>正在生成拼音</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="123"/>
        <source>Writing entries</source>
        <translation>正在写入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="124"/>
        <source>Updating the search index</source>
        <translation>正在更新检索索引</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="139"/>
        <source>%1 rows read: %2 can be imported, %3 have problems.</source>
        <translation>共读取 %1 行：%2 行可以导入，%3 行有问题。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="147"/>
        <source>Rows with problems are not imported; fix them and import the file again (rows already imported stay unchanged).</source>
        <translation>有问题的行不会导入；请改正后重新导入该文件（已导入的行不会重复写入）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="151"/>
        <source>Importing will add %1 new entries and change %2 existing ones (%3 unchanged).</source>
        <translation>导入将新增 %1 条、更新 %2 条已有条目（%3 条不变）。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="159"/>
        <source>Import %1 rows</source>
        <translation>导入 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="218"/>
        <source>Import finished: %1 new, %2 updated, %3 unchanged, %4 rows with problems.</source>
        <translation>导入完成：新增 %1，更新 %2，未变 %3，有问题 %4 行。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="226"/>
        <location filename="../../ui/import_dialog.py" line="241"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="233"/>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：未导入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="238"/>
        <source>Import failed, nothing was imported: %1</source>
        <translation>导入失败，未导入任何数据：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="246"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="256"/>
        <source>Save problem list</source>
        <translation>导出问题清单</translation>
    </message>
</context>
<context>
    <name>InspectionEditor</name>
    <message>
        <location filename="../../ui/inspection_editor.py" line="97"/>
        <source>Sign…</source>
        <translation>签名…</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="99"/>
        <source>Documents</source>
        <translation>出具文书</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="107"/>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="109"/>
        <source>Back to the list</source>
        <translation>返回列表</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="139"/>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="185"/>
        <source>On-site inspection</source>
        <translation>现场检查</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="184"/>
        <source>correction: %1</source>
        <translation>更正：%1</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="213"/>
        <source>Signed at %1 — locked. A correction is recorded as an amendment.</source>
        <translation>已于 %1 签名，记录已锁定；如需更正，请制作更正记录。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="218"/>
        <source>Draft — saved as you type.</source>
        <translation>草稿——输入即自动保存。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="121"/>
        <source>Location: type latitude, longitude</source>
        <translation>定位：请按“纬度, 经度”填写</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="326"/>
        <source>New hazard (describe it)</source>
        <translation>新隐患（请描述）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/inspection_editor.py" line="366"/>
        <source>Importing %n photo(s)…</source>
        <translation>
            <numerusform>正在导入 %n 张照片…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="393"/>
        <source>On-site inspection record — %1</source>
        <translation>现场检查记录——%1</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="415"/>
        <source>Correct a signed record</source>
        <translation>更正已签名的记录</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="415"/>
        <source>What is corrected, and why:</source>
        <translation>更正的内容及理由：</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="442"/>
        <source>%1 issued as %2.</source>
        <translation>《%1》已出具，文号 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="443"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
</context>
<context>
    <name>InspectionsPage</name>
    <message>
        <location filename="../../ui/inspections_page.py" line="43"/>
        <source>Enterprise</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="44"/>
        <source>Kind</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="45"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="46"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="47"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="48"/>
        <source>Hazards</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="57"/>
        <source>New inspection…</source>
        <translation>新建检查…</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="59"/>
        <source>Open inspection</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="92"/>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="92"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/inspections_page.py" line="94"/>
        <source>correction</source>
        <translation>更正</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/inspections_page.py" line="108"/>
        <source>%n inspection(s)</source>
        <translation>
            <numerusform>共 %n 次检查</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IssuedView</name>
    <message>
        <location filename="../../ui/issued_view.py" line="43"/>
        <source>Open PDF</source>
        <translation>打开 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/issued_view.py" line="47"/>
        <source>Preview…</source>
        <translation>预览…</translation>
    </message>
</context>
<context>
    <name>JointInspectionDialog</name>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="40"/>
        <source>Record a joint inspection</source>
        <translation>记录联合检查</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="45"/>
        <source>Name, pinyin initials or credit code</source>
        <translation>名称、拼音首字母或统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="75"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="94"/>
        <source>Enterprise</source>
        <translation>检查对象</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="96"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="97"/>
        <source>Day</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="98"/>
        <source>Lead department</source>
        <translation>牵头部门</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="99"/>
        <source>Our officers</source>
        <translation>本部门执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="100"/>
        <source>Other departments</source>
        <translation>其他部门人员</translation>
    </message>
    <message>
        <location filename="../../ui/joint_dialogs.py" line="102"/>
        <source>Findings</source>
        <translation>检查发现</translation>
    </message>
</context>
<context>
    <name>JointPage</name>
    <message>
        <location filename="../../ui/joint_page.py" line="34"/>
        <location filename="../../ui/joint_page.py" line="41"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="35"/>
        <source>Enterprise</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="36"/>
        <source>Lead department</source>
        <translation>牵头部门</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="37"/>
        <source>Departments and members</source>
        <translation>参加部门及人员</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="38"/>
        <source>Findings</source>
        <translation>检查发现</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="42"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="43"/>
        <source>Other organ</source>
        <translation>对方机关</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="44"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="45"/>
        <source>Suspected crime</source>
        <translation>涉嫌罪名</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="46"/>
        <source>Case</source>
        <translation>关联案件</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="47"/>
        <source>Status</source>
        <translation>办理状态</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="72"/>
        <source>Note (required when not accepted or returned)</source>
        <translation>说明（不予立案、退回补充时必填）</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="73"/>
        <source>Record the step</source>
        <translation>登记办理环节</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="76"/>
        <source>Record a joint inspection…</source>
        <translation>记录联合检查…</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="79"/>
        <source>Record a clue…</source>
        <translation>记录线索…</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="84"/>
        <source>Next step</source>
        <translation>下一环节</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="95"/>
        <source>Clues exchanged with the police</source>
        <translation>行刑衔接线索</translation>
    </message>
    <message>
        <location filename="../../ui/joint_page.py" line="97"/>
        <source>Joint inspections</source>
        <translation>联合执法检查</translation>
    </message>
</context>
<context>
    <name>ListingModel</name>
    <message>
        <location filename="../../ui/accident_registers.py" line="363"/>
        <source>Listing</source>
        <translation>挂牌督办</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="364"/>
        <source>Unit</source>
        <translation>事故单位</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="365"/>
        <source>Occurred</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="366"/>
        <source>Casualties and loss</source>
        <translation>伤亡和损失</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="367"/>
        <source>Number</source>
        <translation>督办文号</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="368"/>
        <source>Report due</source>
        <translation>调查报告期限</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="369"/>
        <source>Report approved</source>
        <translation>调查报告批复</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="370"/>
        <source>Held responsible</source>
        <translation>追责人数</translation>
    </message>
</context>
<context>
    <name>ListingsPanel</name>
    <message>
        <location filename="../../ui/accident_registers.py" line="437"/>
        <source>All listings</source>
        <translation>全部挂牌督办</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="475"/>
        <source>Listed accidents: %1, investigation report overdue: %2</source>
        <translation>挂牌督办事故%1起，调查报告超期%2起</translation>
    </message>
</context>
<context>
    <name>LocalChecklistDialog</name>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="44"/>
        <source>Local checklist items</source>
        <translation>本地检查项</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="51"/>
        <location filename="../../ui/checklist_dialog.py" line="88"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="52"/>
        <location filename="../../ui/checklist_dialog.py" line="89"/>
        <source>Item</source>
        <translation>检查内容</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="53"/>
        <location filename="../../ui/checklist_dialog.py" line="90"/>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="54"/>
        <location filename="../../ui/checklist_dialog.py" line="91"/>
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="55"/>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="61"/>
        <source>Switch on/off</source>
        <translation>启用/停用</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="69"/>
        <location filename="../../ui/checklist_dialog.py" line="116"/>
        <source>Every enterprise</source>
        <translation>所有单位</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="72"/>
        <source>Industry: %1</source>
        <translation>行业：%1</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="77"/>
        <source>Operation: %1</source>
        <translation>专项作业：%1</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="80"/>
        <source>Major hazard item</source>
        <translation>重大事故隐患判定项</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="85"/>
        <source>Add item</source>
        <translation>添加检查项</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="123"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/checklist_dialog.py" line="123"/>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="55"/>
        <source>Registry</source>
        <translation>企业名录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58"/>
        <source>Plans and random checks</source>
        <translation>检查计划与双随机</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="59"/>
        <source>Annual inspection plans at city, county and township level; coverage of every key-supervised enterprise; random draws of targets and officers with avoidance rules; covert checks and special campaigns.</source>
        <translation>市、县、镇三级年度监督检查计划；重点监管企业全覆盖；“双随机”抽取检查对象和执法人员（含回避规则）；暗查暗访和专项检查。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="68"/>
        <source>On-site inspections</source>
        <translation>现场检查</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="69"/>
        <source>On-site inspections by two certified officers with the industry checklist, findings with photo evidence, on-site measures, rectification orders, signatures and the inspection documents printed on the spot.</source>
        <translation>两名持证执法人员按行业检查表现场检查，隐患拍照取证，现场处理措施，责令限期整改，签名确认，现场打印执法文书。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="78"/>
        <source>Hazards</source>
        <translation>隐患闭环</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="79"/>
        <source>The hazard closed loop: found, ordered, extended, reviewed, closed or escalated to a case; overdue lists; major hazards under listed supervision.</source>
        <translation>隐患闭环管理：发现、责令整改、延期、复查、销号或转立案；逾期清单；重大事故隐患挂牌督办。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>Penalty cases</source>
        <translation>行政处罚</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="88"/>
        <source>Penalty cases from filing to closure: evidence, legal basis with statutory fine ranges, notice of rights, hearing, decision, payment, transfers to police and judiciary.</source>
        <translation>行政处罚案件从立案到结案：证据、法律依据及法定罚款幅度、权利告知、听证、决定、缴款、移送公安和司法机关。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="97"/>
        <source>Accidents</source>
        <translation>生产安全事故</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="98"/>
        <source>Accident records graded by the State Council rules, warning notices, listed supervision and quarterly checks of investigation reports.</source>
        <translation>按国务院条例分级的事故记录、警示通报、挂牌督办和事故调查报告季度检查。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="106"/>
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="107"/>
        <source>Monthly penalty reports per county with year-on-year change and ranking, annual figures and typical-case bulletins.</source>
        <translation>各县（市、区）行政处罚月度通报（同比及排名）、年度数据和典型案例曝光。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116"/>
        <source>Sync</source>
        <translation>数据同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="117"/>
        <source>Synchronisation with the central server: sign-in, pushing local changes, pulling the jurisdiction&apos;s records, conflicts and rejected records.</source>
        <translation>与中心服务器同步：登录、上传本机修改、下载辖区数据、冲突处理和被拒记录。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>Field Inspector — work-safety enforcement</source>
        <translation>安全生产执法检查</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202"/>
        <source>Sync: not set up</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="242"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244"/>
        <source>&amp;New (entry, inspection or case)</source>
        <translation>新建（名录条目、检查或案件）(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="247"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="250"/>
        <source>&amp;Print current document…</source>
        <translation>打印当前文书(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="255"/>
        <source>&amp;Import registry…</source>
        <translation>导入企业名录(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258"/>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="262"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="268"/>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="270"/>
        <source>&amp;Find on this page</source>
        <translation>在本页查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="276"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="277"/>
        <source>&amp;Daily fine calculator (Work Safety Law Art. 112)…</source>
        <translation>按日连续处罚计算（安全生产法第一百一十二条）(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="282"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="287"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="296"/>
        <source>&amp;Operator name…</source>
        <translation>操作人员姓名(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="299"/>
        <source>Local &amp;checklist items…</source>
        <translation>本地检查项(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="302"/>
        <source>Change the store&apos;s &amp;password…</source>
        <translation>修改数据库密码(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="309"/>
        <source>&amp;Guide to this page</source>
        <translation>本页说明(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="311"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="315"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="407"/>
        <source>Database: %1 · %2 registry entries</source>
        <translation>数据库：%1 · 名录 %2 户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="412"/>
        <source>demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="435"/>
        <source>This page has no search box.</source>
        <translation>本页没有搜索框。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="474"/>
        <source>New: open the registry, the inspections or the penalty cases.</source>
        <translation>新建：请先打开企业名录、现场检查或行政处罚案件页面。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="480"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="482"/>
        <source>Nothing to save here: this page saves each change at once.</source>
        <translation>此处无需保存：本页每项修改即时保存。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="502"/>
        <source>Nothing to print: open an inspection or a case with a document.</source>
        <translation>没有可打印的文书：请打开已出具文书的检查或案件。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="538"/>
        <source>Import registry</source>
        <translation>导入企业名录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="540"/>
        <source>Registry files (*.csv *.xlsx)</source>
        <translation>名录文件 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="560"/>
        <source>Backup written: %1</source>
        <translation>已备份：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="574"/>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="586"/>
        <source>Operator name</source>
        <translation>操作人员姓名</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="587"/>
        <source>Name recorded as the author of changes on this computer:</source>
        <translation>本机修改记录中登记的操作人员姓名：</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../ui/merge_dialog.py" line="32"/>
        <source>Merge entries with the same code</source>
        <translation>合并代码相同的登记</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="35"/>
        <source>The server already holds an entry with this code. The server&apos;s entry is kept and the records filed against this laptop&apos;s entry move onto it. Tick the fields whose value should come from this laptop&apos;s entry.</source>
        <translation>服务器上已有使用该代码的登记。合并后保留服务器上的登记，本机登记名下的检查、案件等记录转到该登记名下。请勾选应采用本机登记取值的字段。</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="43"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="44"/>
        <source>This laptop</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../ui/merge_dialog.py" line="45"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
</context>
<context>
    <name>NewCampaignDialog</name>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="56"/>
        <source>New campaign</source>
        <translation>新建专项督查</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="80"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="91"/>
        <source>Add the group</source>
        <translation>添加督查组</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="104"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="105"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="106"/>
        <source>Response level</source>
        <translation>响应级别</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="107"/>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="108"/>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="109"/>
        <source>Counties covered</source>
        <translation>督查范围</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="110"/>
        <source>Group name</source>
        <translation>督查组名称</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="111"/>
        <source>Its counties</source>
        <translation>负责县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="112"/>
        <source>Leader</source>
        <translation>组长</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="113"/>
        <source>Expert&apos;s department</source>
        <translation>专家所在部门</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="114"/>
        <source>Expert</source>
        <translation>专家</translation>
    </message>
    <message>
        <location filename="../../ui/campaign_dialogs.py" line="116"/>
        <source>Groups</source>
        <translation>督查组</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="58"/>
        <source>New penalty case</source>
        <translation>新建行政处罚案件</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="64"/>
        <source>A unit in the registry</source>
        <translation>名录中的单位</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="65"/>
        <source>A person</source>
        <translation>个人</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="72"/>
        <source>Search the registry by name, pinyin or code</source>
        <translation>按名称、拼音或统一社会信用代码查找单位</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="81"/>
        <source>18-character resident ID number</source>
        <translation>18位居民身份证号码</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="97"/>
        <source>The act continues</source>
        <translation>违法行为处于连续或继续状态</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="111"/>
        <source>Open the case</source>
        <translation>建立案件</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="126"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="127"/>
        <source>Search</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="129"/>
        <source>Selected</source>
        <translation>已选单位</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="130"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="131"/>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="132"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="133"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="134"/>
        <source>Source</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="135"/>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="136"/>
        <source>Facts</source>
        <translation>违法事实</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="137"/>
        <source>Date of the act</source>
        <translation>违法行为发生日期</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="138"/>
        <source>Article</source>
        <translation>处罚依据</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="139"/>
        <source>Party penalised</source>
        <translation>处罚对象</translation>
    </message>
    <message>
        <location filename="../../ui/new_case_dialog.py" line="178"/>
        <source>No unit chosen yet.</source>
        <translation>尚未选择单位。</translation>
    </message>
</context>
<context>
    <name>NewPlanDialog</name>
    <message>
        <location filename="../../ui/plan_dialog.py" line="69"/>
        <source>New plan</source>
        <translation>新建监督检查计划</translation>
    </message>
    <message>
        <location filename="../../ui/plan_dialog.py" line="91"/>
        <source>Unit</source>
        <translation>计划单位</translation>
    </message>
    <message>
        <location filename="../../ui/plan_dialog.py" line="92"/>
        <source>Title</source>
        <translation>计划名称</translation>
    </message>
    <message>
        <location filename="../../ui/plan_dialog.py" line="93"/>
        <source>Random checks in the year</source>
        <translation>年度双随机抽查数</translation>
    </message>
    <message>
        <location filename="../../ui/plan_dialog.py" line="101"/>
        <source>%1 %2 annual inspection plan</source>
        <translation>%1%2年度安全生产监督检查计划</translation>
    </message>
</context>
<context>
    <name>NoticeModel</name>
    <message>
        <location filename="../../ui/accident_registers.py" line="74"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="75"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="76"/>
        <source>Basis</source>
        <translation>通报依据</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="77"/>
        <source>Accidents</source>
        <translation>事故数</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="78"/>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="79"/>
        <source>Issued on</source>
        <translation>印发日期</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="80"/>
        <source>Addressed to</source>
        <translation>主送</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="81"/>
        <source>Enterprises</source>
        <translation>涉及企业</translation>
    </message>
</context>
<context>
    <name>OfficerChoice</name>
    <message>
        <location filename="../../ui/case_steps.py" line="199"/>
        <source>%1 (%2) — certificate %3, valid until %4</source>
        <translation>%1（%2）——执法证 %3，有效期至 %4</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="207"/>
        <source>%1 (%2) — no certificate valid on that day</source>
        <translation>%1（%2）——当日无有效执法证</translation>
    </message>
</context>
<context>
    <name>OfficersPage</name>
    <message>
        <location filename="../../ui/pages.py" line="56"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="57"/>
        <source>Unit</source>
        <translation>所属单位</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="58"/>
        <source>Role</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="59"/>
        <source>Certificate number</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="60"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="61"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="76"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="99"/>
        <source>No certificate</source>
        <translation>无执法证</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="101"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="103"/>
        <source>Expires soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="105"/>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="123"/>
        <source>%1 officers; %2 without a valid certificate today.</source>
        <translation>执法人员 %1 名，其中 %2 名今日无有效执法证。</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../ui/photo_view.py" line="30"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_view.py" line="35"/>
        <source>The photo cannot be shown (missing or damaged).</source>
        <translation>无法显示该照片（文件缺失或已损坏）。</translation>
    </message>
</context>
<context>
    <name>PlanBoard</name>
    <message>
        <location filename="../../ui/plan_board.py" line="54"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="55"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="56"/>
        <location filename="../../ui/plan_board.py" line="68"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="57"/>
        <source>Named</source>
        <translation>点名企业</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="58"/>
        <location filename="../../ui/plan_board.py" line="72"/>
        <location filename="../../ui/plan_board.py" line="203"/>
        <source>Tasks</source>
        <translation>检查任务</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="59"/>
        <location filename="../../ui/plan_board.py" line="73"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="60"/>
        <location filename="../../ui/plan_board.py" line="75"/>
        <source>Overdue</source>
        <translation>逾期未检查</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="61"/>
        <location filename="../../ui/plan_board.py" line="77"/>
        <source>Done %</source>
        <translation>完成率</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="64"/>
        <location filename="../../ui/plan_board.py" line="80"/>
        <source>Enterprise</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="65"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="66"/>
        <source>Planned day</source>
        <translation>计划检查日期</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="67"/>
        <source>Team</source>
        <translation>检查人员</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="71"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="74"/>
        <source>Scheduled</source>
        <translation>待检查</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="76"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="81"/>
        <source>County</source>
        <translation>所属县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="82"/>
        <source>Town</source>
        <translation>所属镇（街道）</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="83"/>
        <location filename="../../ui/plan_board.py" line="87"/>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="86"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="88"/>
        <source>Target</source>
        <translation>目标（家）</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="89"/>
        <source>Inspected</source>
        <translation>已检查（家）</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="90"/>
        <source>Short</source>
        <translation>差额（家）</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="126"/>
        <source>New plan…</source>
        <translation>新建计划…</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="129"/>
        <source>Name the key enterprises</source>
        <translation>列入重点监管企业</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="132"/>
        <source>Name in the draft every key-supervised enterprise of its unit not named above</source>
        <translation>将本单位辖区内上级计划未列入的重点监管企业全部列入本草稿计划</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="135"/>
        <source>Targets…</source>
        <translation>计划目标…</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="138"/>
        <source>The draft&apos;s targets by category and risk level, its quota and capacity</source>
        <translation>草稿计划的分类分级目标、双随机抽查数和人员检查能力</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="144"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="147"/>
        <source>The approver approves the selected draft; the plan above must be approved</source>
        <translation>由负责人批准所选草稿计划；上级计划须已批准</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="150"/>
        <source>Make tasks</source>
        <translation>生成检查任务</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="153"/>
        <source>One inspection task per visit of each named enterprise, spread over the year</source>
        <translation>为每家列入计划的企业按年检查次数生成检查任务，均匀分布在全年</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="159"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="166"/>
        <source>Approver</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="186"/>
        <source>Assign team…</source>
        <translation>分配检查组…</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="205"/>
        <source>Coverage</source>
        <translation>覆盖情况</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="208"/>
        <source>Progress by county</source>
        <translation>各县（市、区）进度</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="211"/>
        <source>Key enterprises not inspected</source>
        <translation>未检查的重点监管企业</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="259"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="276"/>
        <source>(no team yet)</source>
        <translation>（未分组）</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="296"/>
        <source>Plans: %1, key enterprises not inspected: %2</source>
        <translation>计划：%1个，未检查的重点监管企业：%2</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="338"/>
        <source>The plans could not be listed: %1</source>
        <translation>无法列出计划：%1</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="408"/>
        <source>Approver: choose the approver (负责人) who approves the plan.</source>
        <translation>审批人：请选择批准计划的负责人。</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="422"/>
        <source>Approved, with warnings: %1</source>
        <translation>已批准，提示：%1</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="454"/>
        <source>Task: select the task to assign a team to.</source>
        <translation>检查任务：请先选择要分配检查组的任务。</translation>
    </message>
</context>
<context>
    <name>PlanLists</name>
    <message>
        <location filename="../../ui/plan_models.py" line="97"/>
        <source>All risk levels</source>
        <translation>全部风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/plan_models.py" line="98"/>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../ui/plan_models.py" line="99"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../ui/plan_models.py" line="100"/>
        <source>Sent, awaiting the police&apos;s decision</source>
        <translation>已移送，待公安机关受理</translation>
    </message>
    <message>
        <location filename="../../ui/plan_models.py" line="103"/>
        <source>Received, being checked</source>
        <translation>已接收，待核查</translation>
    </message>
</context>
<context>
    <name>PlanTargetsDialog</name>
    <message>
        <location filename="../../ui/plan_targets.py" line="39"/>
        <source>Plan targets</source>
        <translation>计划目标</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="60"/>
        <source>All risk levels</source>
        <translation>全部风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="82"/>
        <source>Random checks in the year</source>
        <translation>年度双随机抽查数</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="83"/>
        <source>Inspections per officer a year</source>
        <translation>每人每年检查次数</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="84"/>
        <source>Targets</source>
        <translation>分类分级目标</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="85"/>
        <source>Category</source>
        <translation>检查类别</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="86"/>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="87"/>
        <source>Carried out by</source>
        <translation>承担单位</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="88"/>
        <source>Enterprises</source>
        <translation>数量（家）</translation>
    </message>
    <message>
        <location filename="../../ui/plan_targets.py" line="89"/>
        <source>Visits a year each</source>
        <translation>每家每年检查次数</translation>
    </message>
</context>
<context>
    <name>PlannedPage</name>
    <message>
        <location filename="../../ui/pages.py" line="40"/>
        <source>This area is not available in this version yet. Nothing shown here is real data.</source>
        <translation>本版本尚未提供此功能，此处不显示任何数据。</translation>
    </message>
</context>
<context>
    <name>PlansPage</name>
    <message>
        <location filename="../../ui/plans_page.py" line="45"/>
        <source>Planning board</source>
        <translation>计划看板</translation>
    </message>
    <message>
        <location filename="../../ui/plans_page.py" line="48"/>
        <source>Random checks</source>
        <translation>双随机抽查</translation>
    </message>
    <message>
        <location filename="../../ui/plans_page.py" line="50"/>
        <source>Campaigns</source>
        <translation>专项督查</translation>
    </message>
    <message>
        <location filename="../../ui/plans_page.py" line="52"/>
        <source>Delegation register</source>
        <translation>委托执法登记</translation>
    </message>
    <message>
        <location filename="../../ui/plans_page.py" line="54"/>
        <source>Joint enforcement</source>
        <translation>联合执法</translation>
    </message>
</context>
<context>
    <name>PoolPage</name>
    <message>
        <location filename="../../ui/draw_wizard.py" line="70"/>
        <source>Object pool</source>
        <translation>检查对象名录库</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="71"/>
        <source>The registry entries the draw chooses from</source>
        <translation>从中抽取检查对象的企业名录</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="83"/>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="88"/>
        <source>All risk levels</source>
        <translation>全部风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="93"/>
        <source>Key-supervised or not</source>
        <translation>不限重点监管</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="94"/>
        <source>Key-supervised only</source>
        <translation>仅重点监管企业</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="95"/>
        <source>Not key-supervised</source>
        <translation>非重点监管企业</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="104"/>
        <source>Leave out enterprises named in this year&apos;s plans</source>
        <translation>不含本年度计划已点名检查的企业</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="110"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="111"/>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="112"/>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="113"/>
        <source>Key supervision</source>
        <translation>重点监管</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="114"/>
        <source>Leave out inspected in the last (days)</source>
        <translation>不含近期已检查的（天）</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="115"/>
        <source>Leave out penalised in the last (days)</source>
        <translation>不含近期已处罚的（天）</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="117"/>
        <source>In the pool</source>
        <translation>对象库</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="151"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="158"/>
        <source>%1 entries</source>
        <translation>%1家</translation>
    </message>
</context>
<context>
    <name>PublicationDialog</name>
    <message>
        <location filename="../../ui/draw_publication.py" line="38"/>
        <source>Record the publication</source>
        <translation>记录公示</translation>
    </message>
    <message>
        <location filename="../../ui/draw_publication.py" line="50"/>
        <source>e.g. the bureau&apos;s portal</source>
        <translation>如：本局门户网站</translation>
    </message>
    <message>
        <location filename="../../ui/draw_publication.py" line="60"/>
        <source>Notice</source>
        <translation>公示内容</translation>
    </message>
    <message>
        <location filename="../../ui/draw_publication.py" line="61"/>
        <source>Published on</source>
        <translation>公示日期</translation>
    </message>
    <message>
        <location filename="../../ui/draw_publication.py" line="62"/>
        <source>Where published</source>
        <translation>公布载体</translation>
    </message>
    <message>
        <location filename="../../ui/draw_publication.py" line="63"/>
        <source>Reference (link or number)</source>
        <translation>链接或文号</translation>
    </message>
</context>
<context>
    <name>RecipientModel</name>
    <message>
        <location filename="../../ui/sms_page.py" line="49"/>
        <source>Mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="50"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="51"/>
        <source>Parts</source>
        <translation>条数</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="52"/>
        <source>Message</source>
        <translation>短信内容</translation>
    </message>
</context>
<context>
    <name>RecordAccidentDialog</name>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="194"/>
        <source>Record an accident</source>
        <translation>登记生产安全事故</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="198"/>
        <source>Search the registry by name, pinyin or code</source>
        <translation>按名称、拼音或统一社会信用代码查找单位</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="205"/>
        <source>Not a unit of the registry</source>
        <translation>事故单位不在企业名录中</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="238"/>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="243"/>
        <source>Unit</source>
        <translation>事故单位</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="245"/>
        <source>Selected</source>
        <translation>已选单位</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="247"/>
        <source>Unit name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="248"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="249"/>
        <source>Occurred at</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="250"/>
        <source>Unit&apos;s head learned of it at</source>
        <translation>单位负责人接到报告时间</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="251"/>
        <source>Place</source>
        <translation>发生地点</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="252"/>
        <source>Sector</source>
        <translation>行业领域</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="253"/>
        <source>Type</source>
        <translation>事故类型</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="254"/>
        <source>First report at</source>
        <translation>首报时间</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="255"/>
        <source>Casualties and loss</source>
        <translation>伤亡和损失</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="256"/>
        <source>Course of events</source>
        <translation>事故经过</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="257"/>
        <source>Reported by</source>
        <translation>报告人</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="278"/>
        <source>No unit chosen yet.</source>
        <translation>尚未选择单位。</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="338"/>
        <source>Unit: choose the unit in the registry, or tick that it is not there.</source>
        <translation>事故单位：请从企业名录中选择，或勾选“事故单位不在企业名录中”。</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../ui/inspection_record.py" line="56"/>
        <source>Inspection record</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="83"/>
        <source>latitude, longitude (optional)</source>
        <translation>纬度, 经度（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="96"/>
        <source>What was inspected and what was found</source>
        <translation>检查了哪些场所、发现了什么情况</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="102"/>
        <source>Kind</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="103"/>
        <source>Place</source>
        <translation>检查场所</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="104"/>
        <source>GPS position</source>
        <translation>定位（经纬度）</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="105"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="106"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="107"/>
        <source>Person in charge</source>
        <translation>现场负责人</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="108"/>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="109"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="110"/>
        <source>Specialised operations</source>
        <translation>专项作业</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_record.py" line="111"/>
        <source>What was found</source>
        <translation>检查情况</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <location filename="../../ui/registry_page.py" line="85"/>
        <source>Search by name, pinyin initials, full pinyin, code, address or legal representative</source>
        <translation>按名称、拼音首字母、全拼、统一社会信用代码、地址或法定代表人搜索</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="94"/>
        <source>All counties</source>
        <translation>全部县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="101"/>
        <location filename="../../ui/registry_page.py" line="252"/>
        <source>All towns</source>
        <translation>全部镇（街道）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="107"/>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="114"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="119"/>
        <source>Key supervision only</source>
        <translation>仅重点监管</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="126"/>
        <source>New…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="128"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="135"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="165"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="169"/>
        <source>Start inspection…</source>
        <translation>开始检查…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="231"/>
        <source>Registry</source>
        <translation>企业名录</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="270"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="312"/>
        <source>Search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="317"/>
        <source>%1 entries</source>
        <translation>共 %1 户</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="358"/>
        <source>Select an entry to see its details.</source>
        <translation>选择一个单位以查看详细信息。</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="373"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="373"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="383"/>
        <source>Change history</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="393"/>
        <source>No local changes (entry as received).</source>
        <translation>本机无修改（保持接收时的内容）。</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="408"/>
        <source>Inspections, hazards and documents</source>
        <translation>检查、隐患与文书</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="409"/>
        <source>No inspection recorded yet.</source>
        <translation>尚无检查记录。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/registry_page.py" line="405"/>
        <source>… and %n earlier item(s)</source>
        <translation>
            <numerusform>……另有 %n 条更早的记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="419"/>
        <source>Major hazards: %1, of which open (listed supervision): %2</source>
        <translation>重大隐患 %1 项，其中未整改（挂牌督办）%2 项</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="428"/>
        <source>Major hazards penalised %1 times in 180 days and %2 times in a year: closure must be proposed to the government (Work Safety Law Art. 113)</source>
        <translation>重大事故隐患180日内%1次、一年内%2次受到处罚：应当提请地方人民政府予以关闭（《安全生产法》第一百一十三条）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="450"/>
        <source>created</source>
        <translation>新增</translation>
    </message>
</context>
<context>
    <name>RegistryTableModel</name>
    <message>
        <location filename="../../ui/registry_model.py" line="57"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="58"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="59"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="60"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="61"/>
        <source>Town / street</source>
        <translation>镇（街道）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="62"/>
        <source>Industry</source>
        <translation>监管行业</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="63"/>
        <source>Key supervision</source>
        <translation>重点监管</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="64"/>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="65"/>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="66"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="86"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="169"/>
        <source>(no longer in the registry)</source>
        <translation>（已不在名录中）</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <location filename="../../ui/report_charts.py" line="127"/>
        <source>Cases filed by month, %1</source>
        <translation>%1年各月立案数</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="130"/>
        <source>Not from accidents</source>
        <translation>非事故类</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="131"/>
        <source>From accidents</source>
        <translation>事故类</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="134"/>
        <location filename="../../ui/report_charts.py" line="160"/>
        <source>cases</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="140"/>
        <source>Fines and confiscations by month, %1</source>
        <translation>%1年各月罚没款</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="142"/>
        <location filename="../../ui/report_charts.py" line="143"/>
        <source>10,000 yuan</source>
        <translation>万元</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="151"/>
        <source>Cases filed this year and last year, by unit</source>
        <translation>各地非事故类立案数：本年累计与去年同期</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="154"/>
        <source>This year</source>
        <translation>本年累计</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="156"/>
        <source>Same period last year</source>
        <translation>去年同期</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="164"/>
        <source>Hazards found this year: closed, open and overdue, by unit</source>
        <translation>各地本年隐患整改：已销号、整改中、逾期未整改</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="166"/>
        <source>(no hazard found in this period)</source>
        <translation>（本期未发现隐患）</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="173"/>
        <source>Closed</source>
        <translation>已销号</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="174"/>
        <source>Open, in time</source>
        <translation>整改中</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="175"/>
        <source>Overdue</source>
        <translation>逾期未整改</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="178"/>
        <source>hazards</source>
        <translation>项</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="183"/>
        <source>Inspection plans this year: tasks done, scheduled and overdue</source>
        <translation>各地本年检查计划：已完成、待检查、逾期未检查</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="185"/>
        <source>(no inspection plan this year)</source>
        <translation>（本年尚无检查计划）</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="192"/>
        <source>Inspected</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="193"/>
        <source>Not yet due</source>
        <translation>待检查</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="194"/>
        <source>Overdue, not inspected</source>
        <translation>逾期未检查</translation>
    </message>
    <message>
        <location filename="../../ui/report_charts.py" line="197"/>
        <source>tasks</source>
        <translation>项</translation>
    </message>
</context>
<context>
    <name>ReportCheckDialog</name>
    <message>
        <location filename="../../ui/accident_checks.py" line="130"/>
        <source>Check an investigation report</source>
        <translation>检查事故调查报告</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="136"/>
        <source>Item found wanting</source>
        <translation>存在问题的检查项</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="136"/>
        <location filename="../../ui/accident_checks.py" line="175"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="169"/>
        <source>Record the check</source>
        <translation>记录检查结果</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="173"/>
        <source>Checked by</source>
        <translation>检查人员</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="174"/>
        <source>Checked on</source>
        <translation>检查日期</translation>
    </message>
</context>
<context>
    <name>ReportChecksPanel</name>
    <message>
        <location filename="../../ui/accident_checks.py" line="233"/>
        <source>Start the quarter&apos;s check</source>
        <translation>开始本季度检查</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="235"/>
        <source>Check the report…</source>
        <translation>检查报告…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="237"/>
        <source>Issue the bulletin…</source>
        <translation>印发检查通报…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="283"/>
        <source>not started</source>
        <translation>尚未开始</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="285"/>
        <source>bulletin %1 issued on %2</source>
        <translation>已于%2印发通报%1</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="288"/>
        <source>checking</source>
        <translation>检查中</translation>
    </message>
    <message>
        <location filename="../../ui/accident_checks.py" line="290"/>
        <source>Reports collected: %1, not checked: %2; %3</source>
        <translation>收集调查报告%1份，未检查%2份；%3</translation>
    </message>
</context>
<context>
    <name>ReportsArea</name>
    <message>
        <location filename="../../ui/reports_area.py" line="27"/>
        <source>Monthly penalty report</source>
        <translation>行政处罚月报</translation>
    </message>
    <message>
        <location filename="../../ui/reports_area.py" line="28"/>
        <source>Typical-case bulletin</source>
        <translation>典型案例通报</translation>
    </message>
    <message>
        <location filename="../../ui/reports_area.py" line="29"/>
        <source>SMS notices</source>
        <translation>短信提醒</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/report_page.py" line="236"/>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="242"/>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="244"/>
        <source>Export to PDF…</source>
        <translation>导出PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="246"/>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="248"/>
        <source>Save the charts…</source>
        <translation>保存图表…</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="251"/>
        <source>Report of</source>
        <translation>统计月份</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="285"/>
        <source>Table</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="286"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="315"/>
        <source>Computing…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="355"/>
        <source>Figures up to %1</source>
        <translation>数据截至%1</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="398"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="414"/>
        <source>Not exported</source>
        <translation>未导出</translation>
    </message>
    <message>
        <location filename="../../ui/report_page.py" line="427"/>
        <source>Save the charts</source>
        <translation>保存图表</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../ui/draw_wizard.py" line="256"/>
        <source>Result</source>
        <translation>抽取结果</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="257"/>
        <source>Read back from the stored record; anyone can run it again</source>
        <translation>从已保存的抽取记录读取；任何人都可按记录重新计算核验</translation>
    </message>
    <message>
        <location filename="../../ui/draw_wizard.py" line="273"/>
        <source>Verify</source>
        <translation>核验</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="73"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="78"/>
        <location filename="../../ui/settings_dialog.py" line="137"/>
        <source>Organ</source>
        <translation>执法机关</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>Sync and language</source>
        <translation>同步与语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="80"/>
        <source>Hearing and discretion</source>
        <translation>听证与裁量</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="81"/>
        <source>Document fonts</source>
        <translation>文书字体</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="177"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="190"/>
        <source>A hearing is offered for a fine of at least %1 yuan on a person, %2 on a unit.</source>
        <translation>对个人处 %1 元以上、对单位处 %2 元以上罚款的，应告知听证权利。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="195"/>
        <location filename="../../ui/settings_dialog.py" line="213"/>
        <source>Source: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="203"/>
        <source>Circumstances</source>
        <translation>情节</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="203"/>
        <source>From (% of the range)</source>
        <translation>自（法定幅度的百分比）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="203"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="220"/>
        <source>These values are read from resources/discretion.json.</source>
        <translation>以上数值读自 resources/discretion.json。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="236"/>
        <source>Title font (Xiaobiaosong role, size 2)</source>
        <translation>标题字体（小标宋，2号）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="237"/>
        <source>Body font (FangSong_GB2312 role, size 3)</source>
        <translation>正文字体（仿宋_GB2312，3号）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="268"/>
        <source>GB/T 9704 sets titles in FZ Xiaobiaosong and the body in FangSong_GB2312; where they are not installed the documents use the nearest installed font. Kept on this computer: the fonts installed differ from one computer to another.</source>
        <translation>GB/T 9704 规定标题用方正小标宋、正文用仿宋_GB2312；本机未安装时，文书使用最接近的已安装字体。此设置只保存在本机：各台电脑安装的字体不同。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="242"/>
        <source>Automatic (the standard&apos;s font, else a fallback)</source>
        <translation>自动（优先标准字体，否则用替代字体）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="122"/>
        <source>Printed on the penalty decision and the orders: where to pay, the court for a suit, how to reach the organ. It belongs to the organ and is synced to every computer; only its approvers and administrators may change it.</source>
        <translation>印在行政处罚决定书和各类指令书上：缴款银行与账户、行政诉讼的管辖法院、机关的联系方式。这些信息属于执法机关，同步到每台电脑；只有本机关的负责人（审批人）和管理员可以修改。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="247"/>
        <source>%1 (not installed)</source>
        <translation>%1（未安装）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="264"/>
        <source>Used now</source>
        <translation>当前使用</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="351"/>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>未保存：请更正标红的字段。</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <location filename="../../ui/sign_dialog.py" line="45"/>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="46"/>
        <source>Person in charge of the inspected unit</source>
        <translation>被检查单位负责人</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="47"/>
        <source>Receiver</source>
        <translation>受送达人</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="181"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="188"/>
        <source>Each signer signs in the box. A person who refuses to sign is recorded with a witness (Work Safety Law Art. 68).</source>
        <translation>请各签名人在框内签名。拒绝签名的，注明情况并由见证人证明（《安全生产法》第六十八条）。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="220"/>
        <source>Confirm signatures</source>
        <translation>确认签名</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="248"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="256"/>
        <source>, </source>
        <comment>between the names of a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="259"/>
        <source>Still to sign: %1</source>
        <translation>尚未签名：%1</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="262"/>
        <source>A refusal to sign needs a witness: %1</source>
        <translation>拒绝签字须写明见证人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="279"/>
        <source>Everyone has signed or refused before a witness.</source>
        <translation>全部人员已签名，或已在见证人见证下拒绝签名。</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../ui/signature_pad.py" line="154"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../ui/signature_pad.py" line="155"/>
        <source>Sign with a pen or the mouse. Delete clears the signature.</source>
        <translation>用手写笔或鼠标签名；按 Delete 清除。</translation>
    </message>
    <message>
        <location filename="../../ui/signature_pad.py" line="390"/>
        <source>Sign here</source>
        <translation>请在此签名</translation>
    </message>
</context>
<context>
    <name>SignerCard</name>
    <message>
        <location filename="../../ui/sign_dialog.py" line="99"/>
        <source>Signature of %1 (%2)</source>
        <translation>%1（%2）的签名</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="101"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="103"/>
        <source>Erase this signature and sign again</source>
        <translation>擦除签名后重新签</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="119"/>
        <source>Refuses to sign</source>
        <translation>拒绝签字</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="124"/>
        <source>Witness:</source>
        <translation>见证人：</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="127"/>
        <source>Name and unit of the witness (required)</source>
        <translation>见证人姓名及单位（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="163"/>
        <source>Refused to sign</source>
        <translation>已拒绝签字</translation>
    </message>
</context>
<context>
    <name>SmsPage</name>
    <message>
        <location filename="../../ui/sms_page.py" line="94"/>
        <source>All counties</source>
        <translation>全部县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="99"/>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="103"/>
        <source>Enterprises and individual businesses</source>
        <translation>企业和个体工商户</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="106"/>
        <source>Key-supervised only</source>
        <translation>仅重点监管</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="107"/>
        <source>Above designated size only</source>
        <translation>仅规模以上</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="121"/>
        <source>Build the list</source>
        <translation>生成名单</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="123"/>
        <source>Export for the gateway…</source>
        <translation>导出短信平台文件…</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="125"/>
        <source>Record the round as sent</source>
        <translation>登记本轮已发送</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="139"/>
        <source>To</source>
        <translation>发送对象</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="140"/>
        <source>Round</source>
        <translation>轮次名称</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="141"/>
        <source>Message</source>
        <translation>短信内容</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="142"/>
        <source>Placeholders</source>
        <translation>可用占位符</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="177"/>
        <source>%1 characters with the signature: %2 SMS part(s) (%3) before placeholders</source>
        <translation>含签名%1个字符：%2条短信（%3，未计占位符）</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="204"/>
        <source>Building…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="217"/>
        <source>%1 numbers, %2 SMS parts billed (longest: %3); set aside: %4 landlines, %5 missing or invalid, %6 duplicates</source>
        <translation>手机号码%1个，计费短信%2条（最长%3条）；未发送：固定电话%4个，缺失或无效%5个，重复%6个</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="242"/>
        <source>Export for the gateway</source>
        <translation>导出短信平台文件</translation>
    </message>
    <message>
        <location filename="../../ui/sms_page.py" line="244"/>
        <source>CSV file (*.csv)</source>
        <translation>CSV文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>StartInspectionDialog</name>
    <message>
        <location filename="../../ui/inspection_start.py" line="60"/>
        <source>Review the rectification</source>
        <translation>整改复查</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="62"/>
        <source>Start an inspection</source>
        <translation>开始现场检查</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="67"/>
        <source>Search the registry by name, pinyin or code</source>
        <translation>按名称、拼音或统一社会信用代码查找单位</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="100"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="104"/>
        <source>Record a recusal…</source>
        <translation>记录回避…</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="110"/>
        <source>Enterprise</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="112"/>
        <source>Selected</source>
        <translation>已选单位</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="113"/>
        <source>Kind</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="117"/>
        <source>Hazards to review</source>
        <translation>复查的隐患</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="119"/>
        <source>Specialised operations</source>
        <translation>专项作业</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/inspection_start.py" line="123"/>
        <source>Officers (at least %n with a certificate valid today)</source>
        <translation>
            <numerusform>执法人员（至少%n名，持当日有效的执法证）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="148"/>
        <source>No enterprise chosen yet.</source>
        <translation>尚未选择单位。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="194"/>
        <source>%1 (%2) — certificate %3, valid until %4</source>
        <translation>%1（%2）——执法证 %3，有效期至 %4</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="203"/>
        <source>%1 (%2) — no certificate valid today</source>
        <translation>%1（%2）——今日无有效执法证</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="208"/>
        <source>recused from this enterprise</source>
        <translation>已对该单位回避</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="250"/>
        <source>Tick the one officer who is recused.</source>
        <translation>请勾选需要回避的一名执法人员。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="253"/>
        <source>Recusal</source>
        <translation>回避</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="255"/>
        <source>The officer asked</source>
        <translation>执法人员本人申请</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="256"/>
        <source>The party asked</source>
        <translation>当事人申请</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="259"/>
        <source>Head of the bureau who decided</source>
        <translation>作出决定的机关负责人</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="261"/>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="262"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_start.py" line="263"/>
        <source>Decided by</source>
        <translation>决定人</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/app.py" line="127"/>
        <source>The change log was altered</source>
        <translation>变更日志被改动</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="129"/>
        <source>The local change log was altered outside the app (%1). Nothing will be pushed to the server until this is resolved; ask the administrator.</source>
        <translation>本机变更日志在本软件之外被改动（%1）。问题解决前不会向服务器推送任何数据；请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="162"/>
        <location filename="../../ui/app.py" line="168"/>
        <source>The database cannot be opened</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="174"/>
        <source>Restore the newest good backup? The damaged files are kept in a folder beside the database; changes made after that backup are lost.</source>
        <translation>是否从最近的完好备份恢复？损坏的文件会保留在数据库旁的文件夹中；该备份之后的修改将丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="178"/>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="179"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="190"/>
        <source>Restore failed</source>
        <translation>恢复失败</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="194"/>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="195"/>
        <source>The database was restored from %1. The program starts again.</source>
        <translation>数据库已从 %1 恢复，程序将重新启动。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="223"/>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="224"/>
        <source>The local database is empty.</source>
        <translation>本机数据库为空。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="227"/>
        <source>Load the demo data (a fictitious registry of about 485,000 entries of the city, with officers) to try the app, import your registry file, or start empty.</source>
        <translation>可以载入演示数据（虚构的全市约48.5万户名录及执法人员）试用，也可以导入企业名录文件，或从空白开始。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="231"/>
        <source>Load demo data</source>
        <translation>载入演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="233"/>
        <source>Import a registry file…</source>
        <translation>导入名录文件…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="235"/>
        <source>Start empty</source>
        <translation>空白开始</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="247"/>
        <source>Creating the demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="247"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="274"/>
        <source>Creating the demo data… %1 of %2 entries</source>
        <translation>正在生成演示数据… %1 / %2 户</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="314"/>
        <source>Demo data not created</source>
        <translation>演示数据未生成</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../ui/case_steps.py" line="111"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="120"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
</context>
<context>
    <name>StepForm</name>
    <message numerus="yes">
        <location filename="../../ui/case_steps.py" line="266"/>
        <source>Officers (%n or more, with certificates)</source>
        <translation>
            <numerusform>执法人员（%n名以上，持执法证）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="270"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="271"/>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="272"/>
        <source>Person questioned</source>
        <translation>被询问人</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="273"/>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="274"/>
        <source>Questions and answers</source>
        <translation>询问内容（问答）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="275"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="276"/>
        <source>Summary</source>
        <translation>主要意见</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="277"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="278"/>
        <source>Hearing on</source>
        <translation>听证日期</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="279"/>
        <source>Recipient</source>
        <translation>受送达人</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="280"/>
        <source>Delivered by</source>
        <translation>送达方式</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="281"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="282"/>
        <source>New due date</source>
        <translation>新的缴款期限</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="283"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="284"/>
        <source>Transfer to</source>
        <translation>移送至</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="285"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="286"/>
        <source>Receiving organ</source>
        <translation>接收机关</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="287"/>
        <source>Detention (days)</source>
        <translation>拘留（日）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="288"/>
        <location filename="../../ui/case_steps.py" line="305"/>
        <location filename="../../ui/case_steps.py" line="307"/>
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="289"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="290"/>
        <source>Instalments (optional)</source>
        <translation>分期缴纳（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="291"/>
        <location filename="../../ui/case_steps.py" line="317"/>
        <source>Ground</source>
        <translation>情形及依据</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="292"/>
        <source>Found on</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="293"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="294"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="295"/>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="296"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="297"/>
        <source>Started at (HH:MM)</source>
        <translation>询问开始时间（时:分）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="298"/>
        <source>Ended at (HH:MM)</source>
        <translation>询问结束时间（时:分）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="299"/>
        <source>The act ended on</source>
        <translation>违法行为终了日期</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="300"/>
        <source>First-offence list item</source>
        <translation>首违不罚清单条目</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="301"/>
        <source>Legal reviewer</source>
        <translation>法制审核人员</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="302"/>
        <source>Participants</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="303"/>
        <source>Conclusion</source>
        <translation>讨论结论</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="304"/>
        <location filename="../../ui/case_steps.py" line="306"/>
        <source>Penalty</source>
        <translation>处罚种类</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="308"/>
        <source>Court</source>
        <translation>人民法院</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="309"/>
        <source>Limitation</source>
        <translation>追责时效</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="310"/>
        <location filename="../../ui/case_steps.py" line="323"/>
        <source>Emergency</source>
        <translation>情况紧急</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="311"/>
        <source>Why it could not wait</source>
        <translation>需当场实施的理由</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="312"/>
        <source>Measure</source>
        <translation>措施</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="313"/>
        <source>Items (one a line: name, quantity)</source>
        <translation>查封（扣押）清单（每行一项：名称、数量）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="314"/>
        <source>Period (days)</source>
        <translation>期限（日）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="315"/>
        <source>Record signed by</source>
        <translation>现场笔录签名</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="316"/>
        <source>Witness</source>
        <translation>见证人</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="318"/>
        <source>Decision enforced</source>
        <translation>拒不执行的决定</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="319"/>
        <source>Power supplier notified</source>
        <translation>通知的供电单位</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="320"/>
        <source>Decision delivered to the unit at (HH:MM, on the date)</source>
        <translation>决定书送达（书面通知）时间（当日，时:分）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="321"/>
        <source>Power cut on</source>
        <translation>停止供电日期</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="322"/>
        <source>Power cut at (HH:MM)</source>
        <translation>停止供电时间（时:分）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="324"/>
        <source>The emergency</source>
        <translation>紧急情形</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="349"/>
        <source>In capitals</source>
        <translation>大写</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="397"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="400"/>
        <source>A criminal case was filed</source>
        <translation>已刑事立案</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="403"/>
        <source>Done on the spot before approval (approved within 24 h)</source>
        <translation>当场实施，24小时内补办批准手续</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="406"/>
        <source>An emergency endangering safety (no 24-hour notice)</source>
        <translation>有危及生产安全的紧急情形（不提前24小时通知）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="411"/>
        <source> days</source>
        <translation>日</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="415"/>
        <source>Harm to life, health or financial security (five years, not two)</source>
        <translation>涉及公民生命健康安全、金融安全且有危害后果（时效五年）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="419"/>
        <source>Administrative Penalty Law Art. 36: an act endangering life, health or financial security with harmful consequences can be punished within five years.</source>
        <translation>《行政处罚法》第三十六条：涉及公民生命健康安全、金融安全且有危害后果的，追责期限延长至五年。</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="427"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="432"/>
        <source>e.g. 2026-12-31 10000; 2027-01-31 20000</source>
        <translation>如 2026-12-31 10000；2027-01-31 20000</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="472"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="472"/>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/case_steps.py" line="481"/>
        <source>%n photo(s) chosen</source>
        <translation>
            <numerusform>已选 %n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="539"/>
        <source>Provisional number</source>
        <translation>临时编号</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="542"/>
        <source>This device has no number block leased from the server: the decision would carry a provisional number, and the party keeps it. Syncing first gets a final number. Record the decision with a provisional number?</source>
        <translation>本机尚未从服务器领取编号段，本决定书将使用本机临时编号，当事人收到后不能再改。建议先联网同步领取正式编号。确定以临时编号作出当场处罚决定吗？</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="548"/>
        <source>Record with a provisional number</source>
        <translation>以临时编号记录</translation>
    </message>
</context>
<context>
    <name>StorePasswordDialog</name>
    <message>
        <location filename="../../ui/store_unlock.py" line="96"/>
        <source>Field Inspector — password</source>
        <translation>安全生产执法检查 — 密码</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="104"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="108"/>
        <source>The same password again</source>
        <translation>再次输入同一密码</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="122"/>
        <source>Use the key file&apos;s backup copy</source>
        <translation>使用密钥文件的备份副本</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="136"/>
        <source>The data on this computer is encrypted with a password. Choose one (at least 8 characters) and type it twice. It cannot be recovered: without it the data on this computer cannot be opened (what was synchronised stays on the server).</source>
        <translation>本机数据使用密码加密。请设置密码（至少 8 个字符）并输入两次。密码无法找回：忘记密码后本机数据将无法打开（已同步的数据仍保存在服务器上）。</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="142"/>
        <source>The database on this computer is not encrypted yet. Choose a password (at least 8 characters, typed twice) to encrypt it with its photos and backups. It cannot be recovered: keep it safe.</source>
        <translation>本机数据库尚未加密。请设置密码（至少 8 个字符，输入两次），数据库及其照片和备份将一并加密。密码无法找回，请妥善保管。</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="148"/>
        <source>The encryption of the database was not finished. Enter its password to finish it.</source>
        <translation>数据库加密尚未完成。请输入为其设置的密码以完成加密。</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="150"/>
        <source>Enter the password to open the data on this computer.</source>
        <translation>请输入密码以打开本机数据。</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="163"/>
        <source>Encrypting the database…</source>
        <translation>正在加密数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="165"/>
        <source>Checking the password…</source>
        <translation>正在验证密码…</translation>
    </message>
    <message>
        <location filename="../../ui/store_unlock.py" line="212"/>
        <source>The key file was restored from its backup copy.</source>
        <translation>已从备份副本恢复密钥文件。</translation>
    </message>
</context>
<context>
    <name>SupplementaryDialog</name>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="377"/>
        <source>Supplementary report</source>
        <translation>事故补报</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="395"/>
        <source>Record</source>
        <translation>补报</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="399"/>
        <source>Supplementary reports until %1 (Art. 13).</source>
        <translation>补报截止：%1（第十三条）。</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="401"/>
        <source>Reported at</source>
        <translation>补报时间</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="402"/>
        <source>Casualties and loss</source>
        <translation>伤亡和损失</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="403"/>
        <source>What changed</source>
        <translation>变化情况</translation>
    </message>
    <message>
        <location filename="../../ui/accident_dialogs.py" line="416"/>
        <source>Re-graded: %1 → %2</source>
        <translation>事故等级由%1变为%2</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/sync_page.py" line="79"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="88"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="94"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="95"/>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="96"/>
        <location filename="../../ui/sync_page.py" line="227"/>
        <source>CA certificate file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="100"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="107"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="110"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="117"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="118"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="129"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="140"/>
        <location filename="../../ui/sync_page.py" line="157"/>
        <location filename="../../ui/sync_page.py" line="168"/>
        <location filename="../../ui/sync_page.py" line="195"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="141"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="142"/>
        <source>Value kept on the server</source>
        <translation>服务器上保留的值</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="143"/>
        <source>Other device&apos;s value</source>
        <translation>另一台设备的值</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="144"/>
        <location filename="../../ui/sync_page.py" line="319"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="145"/>
        <location filename="../../ui/sync_page.py" line="321"/>
        <source>Use other</source>
        <translation>改用另一值</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="157"/>
        <location filename="../../ui/sync_page.py" line="195"/>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="157"/>
        <source>Reason given by the server</source>
        <translation>服务器给出的原因</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="168"/>
        <source>First received</source>
        <translation>首次收到</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="168"/>
        <source>Why it cannot be stored</source>
        <translation>无法保存的原因</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="180"/>
        <source>This laptop&apos;s entry</source>
        <translation>本机登记</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="181"/>
        <source>The server&apos;s entry</source>
        <translation>服务器上的登记</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="182"/>
        <source>Fields that differ</source>
        <translation>不一致的字段</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="183"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="195"/>
        <source>What the server says</source>
        <translation>服务器说明</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="204"/>
        <location filename="../../ui/sync_page.py" line="367"/>
        <source>Received records waiting</source>
        <translation>暂存的接收记录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="205"/>
        <location filename="../../ui/sync_page.py" line="387"/>
        <source>Entries to merge</source>
        <translation>待合并的登记</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="206"/>
        <location filename="../../ui/sync_page.py" line="353"/>
        <source>Held for review</source>
        <translation>待审核暂存</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="221"/>
        <source>Conflicts: the same field changed on two devices</source>
        <translation>冲突：两台设备修改了同一字段</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="203"/>
        <source>Changes the server refused</source>
        <translation>服务器拒绝的修改</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="265"/>
        <source>Signed in as %1</source>
        <translation>已登录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="267"/>
        <source>Not signed in.</source>
        <translation>未登录。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="270"/>
        <source>not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="272"/>
        <source>syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="274"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="276"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="278"/>
        <source>not yet connected</source>
        <translation>尚未连接</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="279"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="280"/>
        <source>Sync: %1 · %2 changes waiting · last sync %3</source>
        <translation>同步：%1 · 待上传 %2 条 · 上次同步 %3</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="382"/>
        <source>Merge…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="393"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="393"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="393"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="462"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="462"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="475"/>
        <source>Uploading changes</source>
        <translation>正在上传修改</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="476"/>
        <source>Downloading changes</source>
        <translation>正在下载更新</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="477"/>
        <source>Uploading files</source>
        <translation>正在上传附件</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="478"/>
        <source>Downloading files</source>
        <translation>正在下载附件</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="479"/>
        <source>Downloading the records of your jurisdiction</source>
        <translation>正在下载本辖区数据</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="480"/>
        <source>Downloading the registry of your jurisdiction (bytes)</source>
        <translation>正在下载辖区名录（字节）</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="549"/>
        <source>Cannot sign out</source>
        <translation>不能退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="551"/>
        <source>%1 changes have not reached the server yet. Sync first; signing out now could lose them.</source>
        <translation>还有 %1 条修改尚未上传到服务器。请先同步；现在退出登录可能丢失这些修改。</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <location filename="../../ui/plan_board.py" line="483"/>
        <source>Assign a team</source>
        <translation>分配检查组</translation>
    </message>
    <message>
        <location filename="../../ui/plan_board.py" line="498"/>
        <source>Officers (two at least):</source>
        <translation>执法人员（至少2名）：</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../ui/unlock.py" line="23"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/unlock.py" line="38"/>
        <source>Enter the password of %1 to open the data on this computer.</source>
        <translation>请输入 %1 的密码以打开本机数据。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock.py" line="55"/>
        <source>Wrong password.</source>
        <translation>密码错误。</translation>
    </message>
</context>
<context>
    <name>WarningNoticeDialog</name>
    <message>
        <location filename="../../ui/accident_registers.py" line="147"/>
        <source>Warning notice</source>
        <translation>警示通报</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="174"/>
        <source>Save the draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="177"/>
        <source>Issue</source>
        <translation>印发</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="183"/>
        <source>Addressed to</source>
        <translation>主送</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="184"/>
        <source>Copied to</source>
        <translation>抄送</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="185"/>
        <source>Course and causes</source>
        <translation>事故经过和初步原因</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="186"/>
        <source>Lessons</source>
        <translation>事故教训</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="187"/>
        <source>Targeted measures</source>
        <translation>针对性措施</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="188"/>
        <source>Issued on</source>
        <translation>印发日期</translation>
    </message>
</context>
<context>
    <name>WarningNoticesPanel</name>
    <message>
        <location filename="../../ui/accident_registers.py" line="244"/>
        <source>Edit and issue…</source>
        <translation>编辑并印发…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="246"/>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="248"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="283"/>
        <source>Issued: %1 notices to %2 counties and %3 departments; drafts: %4</source>
        <translation>已印发警示通报%1份，主送%2个县（市、区）、%3个部门；草稿%4份</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="323"/>
        <source>Withdraw the draft</source>
        <translation>撤回草稿</translation>
    </message>
    <message>
        <location filename="../../ui/accident_registers.py" line="323"/>
        <source>Why is it not issued?</source>
        <translation>不印发的理由：</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <location filename="../../ui/ops.py" line="139"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
</TS>
