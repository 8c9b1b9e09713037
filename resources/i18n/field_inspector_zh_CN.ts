<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/help.py" line="226"/>
        <source>About Field Inspector</source>
        <translation>关于现场执法助手</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="233"/>
        <source>Field Inspector %1 — offline-first work-safety enforcement.</source>
        <translation>现场执法助手 %1 —— 可离线使用的安全生产执法软件。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="237"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="239"/>
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="253"/>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="254"/>
        <source>Format</source>
        <translation>格式版本</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="255"/>
        <source>Fingerprint</source>
        <translation>指纹（SHA-256）</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="256"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="265"/>
        <source>The facts the app applies come from these files:</source>
        <translation>本软件适用的法规、标准和参数来自以下数据文件：</translation>
    </message>
</context>
<context>
    <name>ArticlePicker</name>
    <message>
        <location filename="../../ui/decision_dialog.py" line="58"/>
        <source>Article number, id or words</source>
        <translation>条款号、编号或关键词</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="78"/>
        <source>(no article yet)</source>
        <translation>（暂未选择条款）</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../ui/cases_page.py" line="56"/>
        <source>Case number</source>
        <translation>案号</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="57"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="58"/>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="59"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="60"/>
        <source>Next deadline</source>
        <translation>最近期限</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="61"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="62"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <location filename="../../ui/case_page.py" line="87"/>
        <source>%n day(s) overdue</source>
        <translation>已逾期 %n 日</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="88"/>
        <source>%n day(s) left</source>
        <translation>剩余 %n 日</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="120"/>
        <source>Back to the list</source>
        <translation>返回列表</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="134"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="134"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="134"/>
        <source>By</source>
        <translation>经办</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="134"/>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="149"/>
        <source>Next steps</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="154"/>
        <source>Issue…</source>
        <translation>出具…</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="163"/>
        <source>Deadlines</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="165"/>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="222"/>
        <source>no article chosen</source>
        <translation>未选择条款</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="227"/>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="228"/>
        <source>Article</source>
        <translation>处罚依据</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="229"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="230"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="231"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="250"/>
        <source>approved by %1</source>
        <translation>批准人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="274"/>
        <source>hearing right</source>
        <translation>有听证权</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="283"/>
        <source>hearing on %1</source>
        <translation>听证日期：%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="285"/>
        <source>due %1</source>
        <translation>缴款期限：%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="290"/>
        <source>detention of %1 days</source>
        <translation>行政拘留%1日</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="292"/>
        <source>criminal case filed</source>
        <translation>已刑事立案</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="307"/>
        <source>No deadline running.</source>
        <translation>无正在计算的期限。</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="326"/>
        <source>Nothing more to record</source>
        <translation>无可办理的环节</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="337"/>
        <source>Issued on %1</source>
        <translation>出具于%1</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="429"/>
        <source>%1 issued as %2.</source>
        <translation>《%1》已出具，文号 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="430"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="431"/>
        <source>Open PDF</source>
        <translation>打开 PDF</translation>
    </message>
</context>
<context>
    <name>CaseStages</name>
    <message>
        <location filename="../../ui/case_page.py" line="61"/>
        <source>To be filed</source>
        <translation>待立案</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="62"/>
        <source>Under investigation</source>
        <translation>调查中</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="63"/>
        <source>Notified</source>
        <translation>已告知</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="64"/>
        <source>Decided</source>
        <translation>已决定</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="65"/>
        <source>Being carried out</source>
        <translation>执行中</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="66"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="67"/>
        <source>Not filed</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location filename="../../ui/case_page.py" line="68"/>
        <source>Transferred</source>
        <translation>已移送</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../ui/cases_page.py" line="117"/>
        <source>Any deadline</source>
        <translation>全部期限</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="118"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="119"/>
        <source>Due within 7 days</source>
        <translation>7日内到期</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="138"/>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="147"/>
        <location filename="../../ui/cases_page.py" line="241"/>
        <source>All officers</source>
        <translation>全部执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="150"/>
        <source>All counties</source>
        <translation>全部县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="157"/>
        <source>New case…</source>
        <translation>新建案件…</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="159"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="232"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="248"/>
        <source>Cases: %1, overdue: %2</source>
        <translation>共 %1 件，其中逾期 %2 件</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="256"/>
        <source>The cases could not be listed: %1</source>
        <translation>无法列出案件：%1</translation>
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
        <location filename="../../ui/decision_dialog.py" line="139"/>
        <source>yuan, 0 if none</source>
        <translation>元，没有填0</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="142"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="147"/>
        <source>Especially serious circumstances</source>
        <translation>情节特别严重、影响特别恶劣</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="160"/>
        <source>Fine in yuan, e.g. 20000</source>
        <translation>罚款金额（元），如 20000</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="173"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="174"/>
        <source>Article</source>
        <translation>处罚依据</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="175"/>
        <source>Party penalised</source>
        <translation>处罚对象</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="176"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="177"/>
        <source>Illegal gains</source>
        <translation>违法所得</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="178"/>
        <source>Prior-year income</source>
        <translation>上一年年收入</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="179"/>
        <source>Accident grade</source>
        <translation>事故等级</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="181"/>
        <source>Statutory range</source>
        <translation>法定幅度</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="182"/>
        <source>Circumstances</source>
        <translation>情节</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="183"/>
        <source>Fine</source>
        <translation>罚款</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="184"/>
        <source>In capitals</source>
        <translation>大写</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="185"/>
        <source>Hearing</source>
        <translation>听证</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="186"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="281"/>
        <source>Choose the article.</source>
        <translation>请选择处罚依据条款。</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="333"/>
        <source>suggested %1 to %2</source>
        <translation>建议 %1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="351"/>
        <source>The party may ask for a hearing (a larger amount, Art. 63).</source>
        <translation>当事人有权要求听证（较大数额罚款，《行政处罚法》第六十三条）。</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialog.py" line="354"/>
        <source>No hearing right: below the larger amount.</source>
        <translation>未达到较大数额，不适用听证。</translation>
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
        <location filename="../../ui/export.py" line="124"/>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
</context>
<context>
    <name>HazardBoardModel</name>
    <message>
        <location filename="../../ui/hazard_board.py" line="64"/>
        <source>Enterprise</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="65"/>
        <source>Hazard</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="66"/>
        <source>Location</source>
        <translation>部位</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="67"/>
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="68"/>
        <source>Found on</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="69"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="70"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="71"/>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="80"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="82"/>
        <source>Some events recorded on other devices did not fit this hazard&apos;s history and were kept aside; check its inspection.</source>
        <translation>其他设备记录的部分处理环节与该隐患的处理过程不符，已单独保留，请核查其检查记录。</translation>
    </message>
</context>
<context>
    <name>HazardBoardPage</name>
    <message>
        <location filename="../../ui/hazard_board.py" line="173"/>
        <source>Not rectified</source>
        <translation>未整改</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="174"/>
        <source>Due this week</source>
        <translation>本周到期</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="175"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="176"/>
        <source>Closed</source>
        <translation>已销号</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="177"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="206"/>
        <source>All counties</source>
        <translation>全部县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="213"/>
        <location filename="../../ui/hazard_board.py" line="347"/>
        <source>All towns</source>
        <translation>全部镇（街道）</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="219"/>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="226"/>
        <source>Major and general</source>
        <translation>重大和一般隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="227"/>
        <source>Major hazards</source>
        <translation>重大隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="228"/>
        <source>General hazards</source>
        <translation>一般隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="242"/>
        <source>Review…</source>
        <translation>复查…</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="245"/>
        <source>Review the selected hazards (one enterprise, rectification ordered)</source>
        <translation>复查所选隐患（同一单位、已责令整改）</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="249"/>
        <source>Open a penalty case…</source>
        <translation>转立案查处…</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="252"/>
        <source>The review failed: the hazard goes to a penalty case (安全生产法 Art. 102)</source>
        <translation>复查不合格：转立案查处（《安全生产法》第一百零二条）</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="375"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="391"/>
        <source>Hazards: %1, overdue: %2</source>
        <translation>共 %1 项，其中逾期 %2 项</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="402"/>
        <source>The hazards could not be listed: %1</source>
        <translation>无法列出隐患：%1</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="474"/>
        <source>Open a penalty case</source>
        <translation>转立案查处</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="475"/>
        <source>Why the hazard goes to a case (kept with the hazard):</source>
        <translation>转立案的理由（随隐患保存）：</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_board.py" line="476"/>
        <source>Not rectified at the review: case to be filed</source>
        <translation>复查未整改，拟立案查处</translation>
    </message>
</context>
<context>
    <name>HazardPanel</name>
    <message>
        <location filename="../../ui/hazard_panel.py" line="95"/>
        <source>Hazards</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="114"/>
        <source>New hazard</source>
        <translation>新增隐患</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="116"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="128"/>
        <source>Major hazard</source>
        <translation>重大事故隐患</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/hazard_panel.py" line="148"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="159"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="162"/>
        <source>Description</source>
        <translation>隐患描述</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="163"/>
        <source>Location</source>
        <translation>部位</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="164"/>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="166"/>
        <source>On-site measures</source>
        <translation>现场处理措施</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="167"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="168"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="307"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/hazard_panel.py" line="307"/>
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
        <location filename="../../ui/help.py" line="116"/>
        <location filename="../../ui/help.py" line="130"/>
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
        <source>The officers of the jurisdiction with their enforcement certificates; an expired certificate is marked, and its holder cannot sign an inspection.</source>
        <translation>辖区执法人员及其执法证件；过期证件予以标示，持证人不能在检查记录上签名。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="111"/>
        <source>Administrative Penalty Law Art. 42: enforcement by officers with enforcement certificates, at least two.</source>
        <translation>《行政处罚法》第四十二条：由具有行政执法资格的执法人员实施，执法人员不得少于两人。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="119"/>
        <source>Synchronisation with the central server: sign in, send this computer&apos;s changes, receive the jurisdiction&apos;s records; conflicts and refused records are listed with their author and reason. A demo store is never sent to a server.</source>
        <translation>与中心服务器同步：登录，上传本机的修改，下载辖区的记录；冲突和被拒绝的记录列出修改人和原因。演示数据不会上传到服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="125"/>
        <source>Documents get their numbers on this computer; the server checks the same rules as the app before it accepts a record.</source>
        <translation>文书编号在本机生成；服务器接收记录前按与本软件相同的规则检查。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="133"/>
        <source>This area is being built; its page says what it will do.</source>
        <translation>该功能正在建设中，页面上说明了它将提供的功能。</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="145"/>
        <source>What it is for</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="146"/>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="147"/>
        <source>Keyboard</source>
        <translation>键盘</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../ui/help.py" line="185"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="192"/>
        <source>This page</source>
        <translation>本页</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="195"/>
        <source>All pages</source>
        <translation>所有页面</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="201"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="201"/>
        <source>Does</source>
        <translation>功能</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="203"/>
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
        <location filename="../../ui/inspection_editor.py" line="95"/>
        <source>Sign…</source>
        <translation>签名…</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="97"/>
        <source>Documents</source>
        <translation>出具文书</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="105"/>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="107"/>
        <source>Back to the list</source>
        <translation>返回列表</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="137"/>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="183"/>
        <source>On-site inspection</source>
        <translation>现场检查</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="182"/>
        <source>correction: %1</source>
        <translation>更正：%1</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="211"/>
        <source>Signed at %1 — locked. A correction is recorded as an amendment.</source>
        <translation>已于 %1 签名，记录已锁定；如需更正，请制作更正记录。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="216"/>
        <source>Draft — saved as you type.</source>
        <translation>草稿——输入即自动保存。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="119"/>
        <source>Location: type latitude, longitude</source>
        <translation>定位：请按“纬度, 经度”填写</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="324"/>
        <source>New hazard (describe it)</source>
        <translation>新隐患（请描述）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/inspection_editor.py" line="364"/>
        <source>Importing %n photo(s)…</source>
        <translation>
            <numerusform>正在导入 %n 张照片…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="391"/>
        <source>On-site inspection record — %1</source>
        <translation>现场检查记录——%1</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="413"/>
        <source>Correct a signed record</source>
        <translation>更正已签名的记录</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="413"/>
        <source>What is corrected, and why:</source>
        <translation>更正的内容及理由：</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="436"/>
        <source>%1 issued as %2.</source>
        <translation>《%1》已出具，文号 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="437"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/inspection_editor.py" line="438"/>
        <source>Open PDF</source>
        <translation>打开 PDF</translation>
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
        <location filename="../../ui/main_window.py" line="48"/>
        <source>Registry</source>
        <translation>企业名录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="51"/>
        <source>Plans and random checks</source>
        <translation>检查计划与双随机</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="52"/>
        <source>Annual inspection plans at city, county and township level; coverage of every key-supervised enterprise; random draws of targets and officers with avoidance rules; covert checks and special campaigns.</source>
        <translation>市、县、镇三级年度监督检查计划；重点监管企业全覆盖；“双随机”抽取检查对象和执法人员（含回避规则）；暗查暗访和专项检查。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="61"/>
        <source>On-site inspections</source>
        <translation>现场检查</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="62"/>
        <source>On-site inspections by two certified officers with the industry checklist, findings with photo evidence, on-site measures, rectification orders, signatures and the inspection documents printed on the spot.</source>
        <translation>两名持证执法人员按行业检查表现场检查，隐患拍照取证，现场处理措施，责令限期整改，签名确认，现场打印执法文书。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71"/>
        <source>Hazards</source>
        <translation>隐患闭环</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="72"/>
        <source>The hazard closed loop: found, ordered, extended, reviewed, closed or escalated to a case; overdue lists; major hazards under listed supervision.</source>
        <translation>隐患闭环管理：发现、责令整改、延期、复查、销号或转立案；逾期清单；重大事故隐患挂牌督办。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>Penalty cases</source>
        <translation>行政处罚</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>Penalty cases from filing to closure: evidence, legal basis with statutory fine ranges, notice of rights, hearing, decision, payment, transfers to police and judiciary.</source>
        <translation>行政处罚案件从立案到结案：证据、法律依据及法定罚款幅度、权利告知、听证、决定、缴款、移送公安和司法机关。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>Accidents</source>
        <translation>生产安全事故</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>Accident records graded by the State Council rules, warning notices, listed supervision and quarterly checks of investigation reports.</source>
        <translation>按国务院条例分级的事故记录、警示通报、挂牌督办和事故调查报告季度检查。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="99"/>
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="100"/>
        <source>Monthly penalty reports per county with year-on-year change and ranking, annual figures and typical-case bulletins.</source>
        <translation>各县（市、区）行政处罚月度通报（同比及排名）、年度数据和典型案例曝光。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="106"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109"/>
        <source>Sync</source>
        <translation>数据同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="110"/>
        <source>Synchronisation with the central server: sign-in, pushing local changes, pulling the jurisdiction&apos;s records, conflicts and rejected records.</source>
        <translation>与中心服务器同步：登录、上传本机修改、下载辖区数据、冲突处理和被拒记录。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>Field Inspector — work-safety enforcement</source>
        <translation>安全生产执法检查</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>Sync: not set up</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="211"/>
        <source>&amp;New (entry, inspection or case)</source>
        <translation>新建（名录条目、检查或案件）(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="214"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217"/>
        <source>&amp;Print current document…</source>
        <translation>打印当前文书(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="222"/>
        <source>&amp;Import registry…</source>
        <translation>导入企业名录(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="225"/>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="235"/>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237"/>
        <source>&amp;Find on this page</source>
        <translation>在本页查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="239"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="243"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244"/>
        <source>&amp;Daily fine calculator (Work Safety Law Art. 112)…</source>
        <translation>按日连续处罚计算（安全生产法第一百一十二条）(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="248"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="249"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263"/>
        <source>&amp;Operator name…</source>
        <translation>操作人员姓名(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="266"/>
        <source>Local &amp;checklist items…</source>
        <translation>本地检查项(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="270"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>&amp;Guide to this page</source>
        <translation>本页说明(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="274"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="278"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="360"/>
        <source>Database: %1 · %2 registry entries</source>
        <translation>数据库：%1 · 名录 %2 户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="365"/>
        <source>demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="388"/>
        <source>This page has no search box.</source>
        <translation>本页没有搜索框。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="421"/>
        <source>New: open the registry, the inspections or the penalty cases.</source>
        <translation>新建：请先打开企业名录、现场检查或行政处罚案件页面。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="427"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="429"/>
        <source>Nothing to save here: this page saves each change at once.</source>
        <translation>此处无需保存：本页每项修改即时保存。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="449"/>
        <source>Nothing to print: open an inspection or a case with a document.</source>
        <translation>没有可打印的文书：请打开已出具文书的检查或案件。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="485"/>
        <source>Import registry</source>
        <translation>导入企业名录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="487"/>
        <source>Registry files (*.csv *.xlsx)</source>
        <translation>名录文件 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="507"/>
        <source>Backup written: %1</source>
        <translation>已备份：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="517"/>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="529"/>
        <source>Operator name</source>
        <translation>操作人员姓名</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="530"/>
        <source>Name recorded as the author of changes on this computer:</source>
        <translation>本机修改记录中登记的操作人员姓名：</translation>
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
    <name>OfficerChoice</name>
    <message>
        <location filename="../../ui/case_steps.py" line="231"/>
        <source>%1 (%2) — certificate %3, valid until %4</source>
        <translation>%1（%2）——执法证 %3，有效期至 %4</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="239"/>
        <source>%1 (%2) — no certificate valid on that day</source>
        <translation>%1（%2）——当日无有效执法证</translation>
    </message>
</context>
<context>
    <name>OfficersPage</name>
    <message>
        <location filename="../../ui/pages.py" line="54"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="55"/>
        <source>Unit</source>
        <translation>所属单位</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="56"/>
        <source>Role</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="57"/>
        <source>Certificate number</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="58"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="59"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="91"/>
        <source>No certificate</source>
        <translation>无执法证</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="93"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="95"/>
        <source>Expires soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="97"/>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="115"/>
        <source>%1 officers; %2 without a valid certificate today.</source>
        <translation>执法人员 %1 名，其中 %2 名今日无有效执法证。</translation>
    </message>
</context>
<context>
    <name>PlannedPage</name>
    <message>
        <location filename="../../ui/pages.py" line="38"/>
        <source>This area is not available in this version yet. Nothing shown here is real data.</source>
        <translation>本版本尚未提供此功能，此处不显示任何数据。</translation>
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
        <location filename="../../ui/registry_page.py" line="76"/>
        <source>Search by name, pinyin initials, full pinyin, code, address or legal representative</source>
        <translation>按名称、拼音首字母、全拼、统一社会信用代码、地址或法定代表人搜索</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="85"/>
        <source>All counties</source>
        <translation>全部县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="92"/>
        <location filename="../../ui/registry_page.py" line="226"/>
        <source>All towns</source>
        <translation>全部镇（街道）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="98"/>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="105"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="110"/>
        <source>Key supervision only</source>
        <translation>仅重点监管</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="117"/>
        <source>New…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="119"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="152"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="156"/>
        <source>Start inspection…</source>
        <translation>开始检查…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="244"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="273"/>
        <source>Search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="278"/>
        <source>%1 entries</source>
        <translation>共 %1 户</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="319"/>
        <source>Select an entry to see its details.</source>
        <translation>选择一个单位以查看详细信息。</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="334"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="334"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="344"/>
        <source>Change history</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="354"/>
        <source>No local changes (entry as received).</source>
        <translation>本机无修改（保持接收时的内容）。</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="369"/>
        <source>Inspections, hazards and documents</source>
        <translation>检查、隐患与文书</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="370"/>
        <source>No inspection recorded yet.</source>
        <translation>尚无检查记录。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/registry_page.py" line="366"/>
        <source>… and %n earlier item(s)</source>
        <translation>
            <numerusform>……另有 %n 条更早的记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="380"/>
        <source>Major hazards: %1, of which open (listed supervision): %2</source>
        <translation>重大隐患 %1 项，其中未整改（挂牌督办）%2 项</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="389"/>
        <source>Major hazards penalised %1 times in 180 days and %2 times in a year: closure must be proposed to the government (Work Safety Law Art. 113)</source>
        <translation>重大事故隐患180日内%1次、一年内%2次受到处罚：应当提请地方人民政府予以关闭（《安全生产法》第一百一十三条）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_page.py" line="411"/>
        <source>created</source>
        <translation>新增</translation>
    </message>
</context>
<context>
    <name>RegistryTableModel</name>
    <message>
        <location filename="../../ui/registry_model.py" line="54"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="55"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="56"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="57"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="58"/>
        <source>Town / street</source>
        <translation>镇（街道）</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="59"/>
        <source>Industry</source>
        <translation>监管行业</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="60"/>
        <source>Key supervision</source>
        <translation>重点监管</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="61"/>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="62"/>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="63"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="83"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/registry_model.py" line="166"/>
        <source>(no longer in the registry)</source>
        <translation>（已不在名录中）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="43"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="48"/>
        <source>Organ</source>
        <translation>执法机关</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source>Sync and language</source>
        <translation>同步与语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="50"/>
        <source>Hearing and discretion</source>
        <translation>听证与裁量</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="51"/>
        <source>Document fonts</source>
        <translation>文书字体</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="90"/>
        <source>Printed on the penalty decision and the orders: where to pay, the court for a suit, how to reach the organ. Kept on this computer.</source>
        <translation>印在行政处罚决定书和指令书上：罚款缴至何处、行政诉讼向哪个法院提起、如何联系本机关。保存在本机。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="111"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="124"/>
        <source>A hearing is offered for a fine of at least %1 yuan on a person, %2 on a unit.</source>
        <translation>对个人处 %1 元以上、对单位处 %2 元以上罚款的，应告知听证权利。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="129"/>
        <location filename="../../ui/settings_dialog.py" line="147"/>
        <source>Source: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="137"/>
        <source>Circumstances</source>
        <translation>情节</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="137"/>
        <source>From (% of the range)</source>
        <translation>自（法定幅度的百分比）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="137"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="154"/>
        <source>These values are read from resources/discretion.json.</source>
        <translation>以上数值读自 resources/discretion.json。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="168"/>
        <source>Body text (FangSong role)</source>
        <translation>正文（仿宋）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="169"/>
        <source>Titles and numbers (SimSun role)</source>
        <translation>标题和文号（宋体）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="171"/>
        <source>The first installed family of the usual lists is used on each computer.</source>
        <translation>每台计算机使用常用字体列表中第一个已安装的字体。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="200"/>
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
        <location filename="../../ui/app.py" line="137"/>
        <location filename="../../ui/app.py" line="143"/>
        <source>The database cannot be opened</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="149"/>
        <source>Restore the newest good backup? The damaged files are kept in a folder beside the database; changes made after that backup are lost.</source>
        <translation>是否从最近的完好备份恢复？损坏的文件会保留在数据库旁的文件夹中；该备份之后的修改将丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="153"/>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="154"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="165"/>
        <source>Restore failed</source>
        <translation>恢复失败</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="169"/>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="170"/>
        <source>The database was restored from %1. The program starts again.</source>
        <translation>数据库已从 %1 恢复，程序将重新启动。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="198"/>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="199"/>
        <source>The local database is empty.</source>
        <translation>本机数据库为空。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="202"/>
        <source>Load the demo data (a fictitious registry of about 485,000 entries of the city, with officers) to try the app, import your registry file, or start empty.</source>
        <translation>可以载入演示数据（虚构的全市约48.5万户名录及执法人员）试用，也可以导入企业名录文件，或从空白开始。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="206"/>
        <source>Load demo data</source>
        <translation>载入演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="208"/>
        <source>Import a registry file…</source>
        <translation>导入名录文件…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="210"/>
        <source>Start empty</source>
        <translation>空白开始</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="222"/>
        <source>Creating the demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="222"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="249"/>
        <source>Creating the demo data… %1 of %2 entries</source>
        <translation>正在生成演示数据… %1 / %2 户</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="289"/>
        <source>Demo data not created</source>
        <translation>演示数据未生成</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../ui/case_steps.py" line="147"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="156"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
</context>
<context>
    <name>StepForm</name>
    <message numerus="yes">
        <location filename="../../ui/case_steps.py" line="295"/>
        <source>Officers (%n or more, with certificates)</source>
        <translation>
            <numerusform>执法人员（%n名以上，持执法证）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="299"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="300"/>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="301"/>
        <source>Person questioned</source>
        <translation>被询问人</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="302"/>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="303"/>
        <source>Questions and answers</source>
        <translation>询问内容（问答）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="304"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="305"/>
        <source>Summary</source>
        <translation>主要意见</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="306"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="307"/>
        <source>Hearing on</source>
        <translation>听证日期</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="308"/>
        <source>Recipient</source>
        <translation>受送达人</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="309"/>
        <source>Delivered by</source>
        <translation>送达方式</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="310"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="311"/>
        <source>New due date</source>
        <translation>新的缴款期限</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="312"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="313"/>
        <source>Transfer to</source>
        <translation>移送至</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="314"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="315"/>
        <source>Receiving organ</source>
        <translation>接收机关</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="316"/>
        <source>Detention (days)</source>
        <translation>拘留（日）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="317"/>
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="318"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="319"/>
        <source>Instalments (optional)</source>
        <translation>分期缴纳（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="332"/>
        <source>In capitals</source>
        <translation>大写</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="367"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="370"/>
        <source>A criminal case was filed</source>
        <translation>已刑事立案</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="373"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="378"/>
        <source>e.g. 2026-12-31 10000; 2027-01-31 20000</source>
        <translation>如 2026-12-31 10000；2027-01-31 20000</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="385"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/case_steps.py" line="385"/>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/case_steps.py" line="394"/>
        <source>%n photo(s) chosen</source>
        <translation>
            <numerusform>已选 %n 张照片</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/sync_page.py" line="74"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="81"/>
        <source>Verify the server&apos;s certificate</source>
        <translation>校验服务器证书</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="86"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="92"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="93"/>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="95"/>
        <location filename="../../ui/sync_page.py" line="177"/>
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
        <location filename="../../ui/sync_page.py" line="268"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="145"/>
        <location filename="../../ui/sync_page.py" line="270"/>
        <source>Use other</source>
        <translation>改用另一值</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="157"/>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="157"/>
        <source>Reason given by the server</source>
        <translation>服务器给出的原因</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="170"/>
        <source>Conflicts: the same field changed on two devices</source>
        <translation>冲突：两台设备修改了同一字段</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="172"/>
        <source>Changes the server refused</source>
        <translation>服务器拒绝的修改</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="216"/>
        <source>Signed in as %1</source>
        <translation>已登录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="218"/>
        <source>Not signed in.</source>
        <translation>未登录。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="221"/>
        <source>not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="223"/>
        <source>syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="225"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="227"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="229"/>
        <source>not yet connected</source>
        <translation>尚未连接</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="230"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="231"/>
        <source>Sync: %1 · %2 changes waiting · last sync %3</source>
        <translation>同步：%1 · 待上传 %2 条 · 上次同步 %3</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="291"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="291"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="291"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="360"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="360"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="375"/>
        <source>Uploading changes</source>
        <translation>正在上传修改</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="376"/>
        <source>Downloading changes</source>
        <translation>正在下载更新</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="377"/>
        <source>Uploading files</source>
        <translation>正在上传附件</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="378"/>
        <source>Downloading the records of your jurisdiction</source>
        <translation>正在下载本辖区数据</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="438"/>
        <source>Cannot sign out</source>
        <translation>不能退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="440"/>
        <source>%1 changes have not reached the server yet. Sync first; signing out now could lose them.</source>
        <translation>还有 %1 条修改尚未上传到服务器。请先同步；现在退出登录可能丢失这些修改。</translation>
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
    <name>ops</name>
    <message>
        <location filename="../../ui/ops.py" line="138"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
</TS>
