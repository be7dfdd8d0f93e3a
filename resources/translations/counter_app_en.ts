<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ApplicantPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="59" />
        <source>刷身份证或扫描条码（读卡器按键盘方式输入），回车填入</source>
        <translation>Swipe the ID card or scan a barcode (keyboard-mode reader), Enter fills the form</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="75" />
        <source>仅生僻字姓名需要：经审核的芯片替代姓名</source>
        <translation>Only for names with rare characters: the approved chip substitute</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="77" />
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="103" />
        <source>查询已有卡 (F6)</source>
        <translation>Look up existing card (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="112" />
        <source>证件类型(&amp;T)</source>
        <translation>Document &amp;type</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="113" />
        <source>证件号码(&amp;D)</source>
        <translation>&amp;Document number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="114" />
        <source>姓名(&amp;M)</source>
        <translation>Na&amp;me</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="115" />
        <source>芯片姓名</source>
        <translation>Chip name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="116" />
        <source>性别(&amp;S)</source>
        <translation>&amp;Sex</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="117" />
        <source>出生日期(&amp;B)</source>
        <translation>&amp;Birth date</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="118" />
        <source>民族(&amp;E)</source>
        <translation>&amp;Ethnicity</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="119" />
        <source>出生地代码</source>
        <translation>Birthplace code</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="120" />
        <source>国籍</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="121" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="122" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="123" />
        <source>申领类型(&amp;A)</source>
        <translation>&amp;Application</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="124" />
        <source>原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="150" />
        <source>已有卡查询（中心台账）</source>
        <translation>Existing card (ledger)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="155" />
        <source>刷证/扫码(&amp;C)</source>
        <translation>S&amp;can</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="239" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="268" />
        <source>未能识别读卡器/扫码输入</source>
        <translation>The reader's input was not understood</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="328" />
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="330" />
        <source>无法查询（离线），可继续办理</source>
        <translation>Cannot look up (offline); you may go on</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="335" />
        <source>此人已有有效社保卡：%1。新申领不可办理，请改为补换卡。</source>
        <translation>This person already holds an active card: %1. Not a new card: make it a replacement.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="338" />
        <source>中心台账中此人没有有效社保卡</source>
        <translation>The ledger has no active card for this person</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="340" />
        <source>中心台账暂不可达，结果未知，可继续办理</source>
        <translation>The ledger cannot be reached: unknown; you may go on</translation>
    </message>
</context>
<context>
    <name>ChoiceButtons</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="49" />
        <source>开始写卡 (F8)</source>
        <translation>Write chip (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="50" />
        <source>重试 (F8)</source>
        <translation>Retry (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="51" />
        <source>换一张卡 (F9)</source>
        <translation>Another card (F9)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="52" />
        <source>登记废卡… (F10)</source>
        <translation>Spoiled card… (F10)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="53" />
        <source>用新卡重新制卡 (F8)</source>
        <translation>Start again with a new card (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="54" />
        <source>打印 (F8)</source>
        <translation>Print (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="55" />
        <source>重新打印 (F8)</source>
        <translation>Reprint (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="56" />
        <source>卡已打印 (F7)</source>
        <translation>Card came out printed (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="57" />
        <source>确认发放 (F8)</source>
        <translation>Confirm hand-over (F8)</translation>
    </message>
</context>
<context>
    <name>ClerkHome</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="45" />
        <source>今日制卡</source>
        <translation>Today's issuances</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="50" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="50" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="50" />
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="50" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="50" />
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="62" />
        <source>新申请 (F2)</source>
        <translation>New application (F2)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="64" />
        <source>继续办理 (Enter)</source>
        <translation>Continue (Enter)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="65" />
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="110" />
        <source>共 %1 条，未完成 %2 条</source>
        <translation>%1 in all, %2 unfinished</translation>
    </message>
</context>
<context>
    <name>DeviceStatusBar</name>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="58" />
        <source>写卡器</source>
        <translation>Encoder</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="60" />
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="61" />
        <source>中心台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="76" />
        <source>待同步 %1 条（最早 %2 前）</source>
        <translation>%1 to sync (oldest %2 ago)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="79" />
        <source>无待同步记录</source>
        <translation>nothing to sync</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="80" />
        <source>尚未被中心台账确认的本地记录数与其中最早一条的等待时间</source>
        <translation>Local records not yet acknowledged by the ledger, and how long the oldest has waited</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="262" />
        <source>返回首页 (F8)</source>
        <translation>Home (F8)</translation>
    </message>
</context>
<context>
    <name>HandoverPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="237" />
        <source>请将卡片交给申请人，核对姓名与照片后确认发放。</source>
        <translation>Give the card to the applicant, check name and photo, then confirm the hand-over.</translation>
    </message>
</context>
<context>
    <name>IssuanceFlowWidget</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="74" />
        <source>1 申请人</source>
        <translation>1 Applicant</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="74" />
        <source>2 照片</source>
        <translation>2 Photo</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="75" />
        <source>3 核对</source>
        <translation>3 Review</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="75" />
        <source>4 写卡</source>
        <translation>4 Chip</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="76" />
        <source>5 打印</source>
        <translation>5 Print</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="76" />
        <source>6 发放</source>
        <translation>6 Hand-over</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="103" />
        <source>取消制卡… (F12)</source>
        <translation>Cancel issuance… (F12)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="106" />
        <source>返回首页 (Esc)</source>
        <translation>Home (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="108" />
        <source>下一步 (Ctrl+Enter)</source>
        <translation>Next (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="205" />
        <source>上次写卡被中断：请插入同一张卡，将先回读再继续。</source>
        <translation>The last chip write was interrupted: insert the same card; it is read back first, then completed.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="211" />
        <source>写卡失败。请选择：重试、换一张卡，或将此卡登记为废卡。</source>
        <translation>The chip write failed. Choose: retry, another card, or record this card as spoiled.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="213" />
        <source>请插入一张空白卡。</source>
        <translation>Insert a blank card.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="225" />
        <source>芯片已写好并核验。请将卡放入打印机打印卡面。</source>
        <translation>The chip is written and verified. Put the card in the printer for the face.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="230" />
        <source>打印失败。排除故障后重新打印（芯片不会重写），或登记废卡。</source>
        <translation>The print failed. Fix the printer and reprint (the chip is not written again), or record the card as spoiled.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="232" />
        <source>打印结果不确定，请查看打印机。</source>
        <translation>The print's outcome is unknown: look at the printer.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="236" />
        <source>姓名：%1　卡号：%2</source>
        <translation>Name: %1   Card number: %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="242" />
        <source>卡片已发放，制卡完成。</source>
        <translation>The card was handed over: issuance complete.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="242" />
        <source>此卡已登记为废卡。</source>
        <translation>The card was recorded as spoiled.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="243" />
        <source>本次制卡已取消。</source>
        <translation>This issuance was cancelled.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="291" />
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="303" />
        <source>请插入一张空白卡。插入后自动开始写卡。</source>
        <translation>Insert a blank card. The write starts as soon as it is in.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="302" />
        <source>请取出写卡器中的卡，再插入另一张空白卡。</source>
        <translation>Take the card out of the encoder, then insert another blank card.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="306" />
        <source>正在写卡，请勿取卡…</source>
        <translation>Writing the chip: do not remove the card…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="337" />
        <source>正在打印卡面…</source>
        <translation>Printing the card face…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="345" />
        <source>登记废卡</source>
        <translation>Record spoiled card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="345" />
        <source>取消制卡</source>
        <translation>Cancel issuance</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="371" />
        <source>内部错误：%1（详情见日志）</source>
        <translation>Internal error: %1 (see the log)</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="111" />
        <source>会话已锁定</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="114" />
        <source>会话已锁定。请 %1 输入密码解锁，或退出登录。</source>
        <translation>The session is locked. %1, enter your password to unlock, or log out.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="123" />
        <source>解锁(&amp;U)</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="124" />
        <source>退出登录(&amp;O)</source>
        <translation>Log &amp;out</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="39" />
        <source>社会保障卡即时制卡 — 登录</source>
        <translation>Social security card counter — log in</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="40" />
        <source>社会保障卡即时制卡柜台</source>
        <translation>Social security card counter</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="51" />
        <source>登录(&amp;L)</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="58" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="59" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="85" />
        <source>请输入用户名和密码。</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="88" />
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="47" />
        <source>社会保障卡即时制卡</source>
        <translation>Social security card counter</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="54" />
        <source>操作员：%1</source>
        <translation>Operator: %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="67" />
        <source>主管</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="67" />
        <source>技术员</source>
        <translation>Technician</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="169" />
        <source>正在写卡，请等待完成后再关闭。</source>
        <translation>A chip is being written: wait until it is done before closing.</translation>
    </message>
</context>
<context>
    <name>PhotoPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="101" />
        <source>拍照 (F3) 或从文件导入 (F4)；照片合格后“采用此照片” (F8)</source>
        <translation>Capture (F3) or import a file (F4); once the photo passes, accept it (F8)</translation>
    </message>
</context>
<context>
    <name>PlaceholderHome</name>
    <message>
        <location filename="../../src/counter_app/ui/placeholder.py" line="13" />
        <source>%1工作台将在后续版本提供。目前可使用命令行：counter-app --help</source>
        <translation>The %1 workspace comes in a later version. Meanwhile use the command line: counter-app --help</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="290" />
        <source>请选择或输入原因</source>
        <translation>Choose or type a reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="299" />
        <source>原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="300" />
        <source>说明</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="125" />
        <source>确认无误，去写卡 (F8)</source>
        <translation>All correct: write the chip (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="129" />
        <source>卡号在写卡时从本柜台号段中分配。请与申请人核对以下信息。</source>
        <translation>The card number is taken from this counter's block when the chip is written. Check the data below with the applicant.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="153" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="154" />
        <source>证件</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="155" />
        <source>社会保障号码</source>
        <translation>Social security number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="156" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="157" />
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="158" />
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="159" />
        <source>出生地</source>
        <translation>Birthplace</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="160" />
        <source>国籍</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="161" />
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="161" />
        <source>写卡时分配</source>
        <translation>assigned when the chip is written</translation>
    </message>
</context>
</TS>