<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApplicantPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="109"/>
        <source>刷身份证或扫描条码（读卡器按键盘方式输入），回车填入</source>
        <translation>Swipe the ID card or scan a barcode (keyboard-mode reader), Enter fills the form</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="125"/>
        <source>仅生僻字姓名需要：经审核的芯片替代姓名</source>
        <translation>Only for names with rare characters: the approved chip substitute</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="127"/>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="153"/>
        <source>查询已有卡 (F6)</source>
        <translation>Look up existing card (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="163"/>
        <source>证件类型(&amp;T)</source>
        <translation>Document &amp;type</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="164"/>
        <source>证件号码(&amp;D)</source>
        <translation>&amp;Document number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="165"/>
        <source>姓名(&amp;M)</source>
        <translation>Na&amp;me</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="166"/>
        <source>芯片姓名</source>
        <translation>Chip name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="167"/>
        <source>性别(&amp;S)</source>
        <translation>&amp;Sex</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="168"/>
        <source>出生日期(&amp;B)</source>
        <translation>&amp;Birth date</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="169"/>
        <source>民族(&amp;E)</source>
        <translation>&amp;Ethnicity</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="170"/>
        <source>出生地代码</source>
        <translation>Birthplace code</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="171"/>
        <source>国籍</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="172"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="173"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="174"/>
        <source>申领类型(&amp;A)</source>
        <translation>&amp;Application</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="175"/>
        <source>原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="204"/>
        <source>已有卡查询（中心台账）</source>
        <translation>Existing card (ledger)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="209"/>
        <source>刷证/扫码(&amp;C)</source>
        <translation>S&amp;can</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="212"/>
        <source>来自身份证：标记 ▣ 的字段由身份证阅读器填入</source>
        <translation>From the ID card: the fields marked ▣ were filled by the ID card reader</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="215"/>
        <source>修改读卡信息(&amp;O)</source>
        <translation>&amp;Override the ID card&apos;s data</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="217"/>
        <source>解锁身份证填入的字段；修改会记入审计日志</source>
        <translation>Unlocks the fields the ID card filled; a change is recorded in the audit log</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="297"/>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="302"/>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="311"/>
        <source>（未设置合作银行）</source>
        <translation>(no co-issuing bank set)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="320"/>
        <source>长期</source>
        <translation>Long-term</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="326"/>
        <source>职业类别</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="327"/>
        <source>户口性质</source>
        <translation>Household type</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="328"/>
        <source>合作银行(&amp;K)</source>
        <translation>Co-issuing ban&amp;k</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="329"/>
        <source>证件有效期起</source>
        <translation>ID valid from</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="330"/>
        <source>证件有效期止</source>
        <translation>ID valid until</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="331"/>
        <source>签发机关</source>
        <translation>Issuing authority</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="336"/>
        <source>监护人（申请人未满 %1 周岁，须由监护人办理）</source>
        <translation>Guardian (the applicant is under %1: a guardian must apply)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="337"/>
        <source>读取监护人身份证</source>
        <translation>Read the guardian&apos;s ID card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="341"/>
        <source>代办（由代办人凭授权委托书申领或领卡）</source>
        <translation>By an agent (applies or collects with a power of attorney)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="344"/>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="344"/>
        <source>读取代办人身份证</source>
        <translation>Read the agent&apos;s ID card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="352"/>
        <source>证件有效期、职业与合作银行</source>
        <translation>ID validity, occupation and co-issuing bank</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="415"/>
        <source>请监护人将身份证放到阅读器上：读到的身份证填入监护人一栏</source>
        <translation>The guardian puts their ID card on the reader: the card read fills the guardian&apos;s fields</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="417"/>
        <source>请代办人将身份证放到阅读器上：读到的身份证填入代办人一栏</source>
        <translation>The agent puts their ID card on the reader: the card read fills the agent&apos;s fields</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="554"/>
        <source>来自身份证（勾选“修改读卡信息”才能修改，修改记入审计）</source>
        <translation>From the ID card (tick “Override the ID card&apos;s data” to change it; the change is audited)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="729"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="758"/>
        <source>未能识别读卡器/扫码输入</source>
        <translation>The reader&apos;s input was not understood</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="849"/>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="851"/>
        <source>无法查询（离线），可继续办理</source>
        <translation>Cannot look up (offline); you may go on</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="856"/>
        <source>此人已有有效社保卡：%1。新申领不可办理，请改为补换卡。</source>
        <translation>This person already holds an active card: %1. Not a new card: make it a replacement.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="859"/>
        <source>中心台账中此人没有有效社保卡</source>
        <translation>The ledger has no active card for this person</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="861"/>
        <source>中心台账暂不可达，结果未知，可继续办理</source>
        <translation>The ledger cannot be reached: unknown; you may go on</translation>
    </message>
</context>
<context>
    <name>ApplicantScreen</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="54"/>
        <source>社会保障卡服务</source>
        <translation>Social security card service</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="58"/>
        <source>欢迎办理社会保障卡业务</source>
        <translation>Welcome to the social security card service</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="69"/>
        <source>请用手机扫描二维码付款，付款后请稍候，柜员将继续为您办理。</source>
        <translation>Scan the QR code with your phone to pay, then please wait: the clerk will carry on.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="78"/>
        <source>请对本次服务进行评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="99"/>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="109"/>
        <source>原因（可选）：</source>
        <translation>Reason (optional):</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="118"/>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="145"/>
        <source>应缴费用：%1 元</source>
        <translation>Fee due: %1 yuan</translation>
    </message>
</context>
<context>
    <name>ApplicationType</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="13"/>
        <source>新申领</source>
        <translation>new</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="14"/>
        <source>补换卡</source>
        <translation>replacement</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="15"/>
        <source>换新卡</source>
        <translation>renewal</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="16"/>
        <source>升级三代卡</source>
        <translation>upgrade</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="246"/>
        <source>未开始预览</source>
        <translation>Preview not started</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="252"/>
        <location filename="../../src/counter_app/ui/technician/home.py" line="289"/>
        <source>开始预览</source>
        <translation>Start preview</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="269"/>
        <source>停止预览</source>
        <translation>Stop preview</translation>
    </message>
</context>
<context>
    <name>CardCertTab</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="38"/>
        <source>请将持卡人的卡片插入写卡器。读取证书不需要密码；签发和校验证书时，由持卡人在密码键盘上输入密码。</source>
        <translation>Put the holder&apos;s card in the encoder. Reading the certificate needs no PIN; to issue or verify it, the holder types the PIN on the PIN pad.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="42"/>
        <source>读取证书 (F8)</source>
        <translation>Read certificate (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="45"/>
        <source>签发/补签证书…</source>
        <translation>Issue / finish certificate…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="46"/>
        <source>校验证书…</source>
        <translation>Verify certificate…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="56"/>
        <source>卡内签名证书</source>
        <translation>Signing certificate on the card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="65"/>
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="66"/>
        <source>证书序列号</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="67"/>
        <source>有效期</source>
        <translation>Validity</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="68"/>
        <source>签发者</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="69"/>
        <source>证书链</source>
        <translation>Chain</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="71"/>
        <source>校验结果</source>
        <translation>Verification</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="78"/>
        <source>持有证明</source>
        <translation>Possession</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="79"/>
        <source>吊销状态</source>
        <translation>Revocation</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="103"/>
        <source>正在读取卡内证书，请勿取卡…</source>
        <translation>Reading the card&apos;s certificate; do not remove the card…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="109"/>
        <source>已读取卡内证书。</source>
        <translation>The card&apos;s certificate was read.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="111"/>
        <source>卡内没有数字证书：请点“签发/补签证书”，由持卡人输入密码。</source>
        <translation>The card holds no certificate: press “Issue / finish certificate” and let the holder type the PIN.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="121"/>
        <source>卡内没有证书</source>
        <translation>no certificate on the card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="125"/>
        <source>%1 至 %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="129"/>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="166"/>
        <source>可验证至本柜台信任的中心 CA</source>
        <translation>chains to the central CA this counter trusts</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="131"/>
        <source>验证失败：%1</source>
        <translation>does not verify: %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="134"/>
        <source>本柜台尚未取得中心 CA 证书，暂不能验证（首次签发证书时取得）</source>
        <translation>this counter has no CA certificate yet, so it cannot check (it gets one with its first certificate issued)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="139"/>
        <source>签发证书</source>
        <translation>Issue certificate</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="141"/>
        <source>正在签发证书（生成密钥、向中心台账申请、写入卡片），请勿取卡…</source>
        <translation>Issuing the certificates (key pair in the card, request to the ledger, writing the card); do not remove the card…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="145"/>
        <source>校验证书</source>
        <translation>Verify certificate</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="147"/>
        <source>正在校验证书，请勿取卡…</source>
        <translation>Verifying the certificate; do not remove the card…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="157"/>
        <source>证书已写入卡片并验证持有（卡号 %1，序列号 …%2）。</source>
        <translation>The certificates are on the card and possession was proved (card %1, serial …%2).</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="165"/>
        <source>至 %1</source>
        <translation>until %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="167"/>
        <source>通过：卡片用持卡人密码签名，证书公钥验证成功</source>
        <translation>proved: the card signed with the holder&apos;s PIN and the certificate&apos;s public key verified it</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="169"/>
        <source>已吊销：该证书在中心台账的吊销列表上（卡片已挂失或注销）</source>
        <translation>revoked: the certificate is on the ledger&apos;s revocation list (card reported lost or cancelled)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="170"/>
        <source>证书已被吊销，不能使用。</source>
        <translation>The certificate is revoked and must not be used.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="173"/>
        <source>未吊销</source>
        <translation>not revoked</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="174"/>
        <source>证书校验通过。</source>
        <translation>The certificate verified.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="176"/>
        <source>未知：中心台账不可达，无法取得吊销列表</source>
        <translation>unknown: the ledger cannot be reached for its revocation list</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="177"/>
        <source>证书链和持有证明通过；吊销状态暂无法确认（离线）。</source>
        <translation>Chain and possession verified; revocation cannot be checked now (offline).</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="184"/>
        <source>中心台账暂时无法连接，证书未签发。卡片照常使用；请稍后再试（任一柜台均可补签）。</source>
        <translation>The ledger cannot be reached right now: no certificate was issued. The card works as usual; try again later (any counter can finish it).</translation>
    </message>
</context>
<context>
    <name>CardPinTab</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="32"/>
        <source>请将持卡人的卡片插入写卡器。密码只由持卡人在面向其的密码键盘上输入，柜员不得代输。</source>
        <translation>Put the holder&apos;s card in the encoder. Only the holder types the PIN, on the pad facing them; the clerk never types it.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="37"/>
        <source>查询剩余次数</source>
        <translation>Tries left</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="38"/>
        <source>校验密码…</source>
        <translation>Verify PIN…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="39"/>
        <source>修改密码…</source>
        <translation>Change PIN…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="48"/>
        <source>密码重置（持卡人本人持身份证到柜台）</source>
        <translation>PIN reset (the holder in person, with their ID card)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="51"/>
        <source>持卡人身份证号码（与卡内社会保障号码核对）</source>
        <translation>The holder&apos;s ID number (checked against the social security number on the card)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="57"/>
        <source>重置密码…</source>
        <translation>Reset PIN…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="61"/>
        <source>证件号码(&amp;I)</source>
        <translation>&amp;ID number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="62"/>
        <source>原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="64"/>
        <source>重置需要 PSAM 卡；重置后持卡人须立即设置新密码，并记入审计日志。</source>
        <translation>A reset needs the PSAM; the holder chooses the new PIN on the pad, and the reset is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="89"/>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="98"/>
        <source>密码剩余尝试次数：%1</source>
        <translation>PIN tries left: %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="91"/>
        <source>已读取密码剩余尝试次数。</source>
        <translation>PIN tries left read from the card.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="114"/>
        <source>校验密码</source>
        <translation>Verify PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="116"/>
        <source>密码正确。</source>
        <translation>The PIN is correct.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="119"/>
        <source>修改密码</source>
        <translation>Change PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="121"/>
        <source>密码已修改（卡号 %1）。</source>
        <translation>PIN changed (card %1).</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="127"/>
        <source>重置密码</source>
        <translation>Reset PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="134"/>
        <source>密码已重置（卡号 %1），请持卡人牢记新密码。</source>
        <translation>PIN reset (card %1): the holder should remember the new PIN.</translation>
    </message>
    <message>
        <source>请持卡人在密码键盘上输入密码。</source>
        <translation type="vanished">The holder types the PIN on the PIN pad.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="104"/>
        <source>密码已锁定（连续输错 3 次）。请核验持卡人本人身份证件，在下方“密码重置”中输入证件号码，原因选“密码已锁定”，由持卡人输入新密码（需 PSAM 卡）。</source>
        <translation>The PIN is blocked (3 wrong PINs). Check the holder&apos;s own ID card, then under “PIN reset” below enter the ID number, choose “PIN blocked” as the reason, and let the holder type a new PIN (the PSAM is needed).</translation>
    </message>
</context>
<context>
    <name>CardQueryTab</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="41"/>
        <source>请将持卡人的卡片插入写卡器，然后读卡。卡内信息与本柜台记录不一致的项目标为红色。</source>
        <translation>Put the holder&apos;s card in the encoder, then read it. Items where the card differs from this counter&apos;s record are shown in red.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="44"/>
        <source>读卡查询 (F8)</source>
        <translation>Read card (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="47"/>
        <source>打印回执 (F9)</source>
        <translation>Print receipt (F9)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="49"/>
        <source>去补签证书</source>
        <translation>Finish the certificate</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="58"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="58"/>
        <source>卡内信息</source>
        <translation>On the card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="58"/>
        <source>本柜台记录</source>
        <translation>This counter&apos;s record</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="90"/>
        <source>正在读卡，请勿取卡…</source>
        <translation>Reading the card: do not remove it…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="100"/>
        <source>这是一张空白卡（卡识别码 %1），卡内没有个人信息。</source>
        <translation>This is a blank card (card id %1): it holds no personal data.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="106"/>
        <source>（不记录）</source>
        <translation>(not recorded)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="111"/>
        <source>数字证书</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="113"/>
        <source>非接触接口</source>
        <translation>Contactless interface</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="113"/>
        <source>UID %1</source>
        <translation>UID %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="114"/>
        <source>与接触式读卡一致</source>
        <translation>same card as read by contact</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="115"/>
        <source>与接触式读卡不一致</source>
        <translation>differs from the contact read</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="118"/>
        <source>卡状态</source>
        <translation>Card status</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="119"/>
        <source>制卡记录</source>
        <translation>Issuance</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="120"/>
        <source>持卡人密码</source>
        <translation>Holder&apos;s PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="120"/>
        <source>已设置</source>
        <translation>set</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="121"/>
        <source>未设置（初始密码）</source>
        <translation>not set (initial PIN)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="123"/>
        <source>金融账户</source>
        <translation>Financial account</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="123"/>
        <source>已激活（%1，银行报告）</source>
        <translation>activated (%1, reported by the bank)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="124"/>
        <source>未激活（在银行激活）</source>
        <translation>not activated (activated at the bank)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="132"/>
        <source>卡内信息与本柜台记录不一致</source>
        <translation>The card differs from this counter&apos;s record</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="133"/>
        <source>证书待签发：请在“数字证书”页签由持卡人输入密码补签</source>
        <translation>Certificate pending: finish it in the Certificates tab, the holder typing the PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="141"/>
        <source>本柜台没有这张卡的制卡记录，只显示卡内信息。</source>
        <translation>This counter has no issuance of this card: only the card&apos;s data is shown.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="143"/>
        <source>有 %1 项卡内信息与本柜台记录不一致（红色标出），请核实。</source>
        <translation>%1 item(s) on the card differ from this counter&apos;s record (in red): check them.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="145"/>
        <source>卡内信息与本柜台记录一致。</source>
        <translation>The card matches this counter&apos;s record.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="148"/>
        <source>这张卡的数字证书待签发（橙色标出）：请转到“数字证书”页签，由持卡人输入密码补签。</source>
        <translation>This card&apos;s certificate is still to be issued (amber): go to the Certificates tab and let the holder type the PIN to finish it.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="171"/>
        <source>正在打印回执（打印机 %1）…</source>
        <translation>Printing the receipt (printer %1)…</translation>
    </message>
</context>
<context>
    <name>CardServicesPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="27"/>
        <source>卡片服务</source>
        <translation>Card services</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="33"/>
        <source>卡内查询</source>
        <translation>In-card query</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="34"/>
        <source>密码服务</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="35"/>
        <source>卡状态</source>
        <translation>Card status</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="39"/>
        <source>数字证书</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="43"/>
        <source>返回首页 (Esc)</source>
        <translation>Home (Esc)</translation>
    </message>
</context>
<context>
    <name>CardStatusTab</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="75"/>
        <source>9 位社会保障卡卡号</source>
        <translation>9-character card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="76"/>
        <source>查询状态</source>
        <translation>Look up status</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="85"/>
        <source>变更状态…</source>
        <translation>Change status…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="87"/>
        <source>办理补卡申请</source>
        <translation>Open the replacement application</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="89"/>
        <source>激活…</source>
        <translation>Activate…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="91"/>
        <source>持卡人本人到柜台，插入此卡，设置或输入密码后启用</source>
        <translation>With the holder at the counter in person: insert this card; it is activated once the PIN is set or typed</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="103"/>
        <source>卡号(&amp;N)</source>
        <translation>Card &amp;number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="106"/>
        <source>当前状态</source>
        <translation>Current status</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="107"/>
        <source>新状态(&amp;S)</source>
        <translation>New &amp;status</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="108"/>
        <source>原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="109"/>
        <source>挂失与注销是最终状态，不能撤销；挂失后将自动新建补卡申请（原因：挂失补卡），并带出持卡人信息。状态变更同步至中心台账。</source>
        <translation>Reported lost and cancelled are final and cannot be undone; a formal loss opens a replacement application (reason: lost) with the holder&apos;s data. Status changes are sent to the central ledger.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="181"/>
        <source>此卡尚未启用（如由代办人领取）：请持卡人本人到柜台，插入此卡后点击“激活”。</source>
        <translation>This card is not activated yet (e.g. an agent collected it): with the holder at the counter in person, insert the card and click “Activate”.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="194"/>
        <source>请持卡人在读卡器的密码键盘上输入密码。</source>
        <translation>The holder types the PIN on the reader&apos;s keypad.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="198"/>
        <source>设置密码并激活</source>
        <translation>Set PIN and activate</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="200"/>
        <source>输入密码并激活</source>
        <translation>Enter PIN and activate</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="205"/>
        <source>卡 %1 已激活，状态为“正常”，将同步至中心台账和卡管系统。</source>
        <translation>Card %1 activated, status &apos;Active&apos;; the change goes to the central ledger and the card-management system.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="210"/>
        <source>请输入有效的卡号。</source>
        <translation>Enter a valid card number.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="219"/>
        <source>将卡 %1 的状态改为“%2”？此为最终状态，不能撤销。</source>
        <translation>Change the status of card %1 to &apos;%2&apos;? This status is final and cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="222"/>
        <source>挂失后将为持卡人新建补卡申请。</source>
        <translation>A replacement application will be opened for the holder.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="223"/>
        <source>确认变更卡状态</source>
        <translation>Confirm the status change</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="226"/>
        <source>确认变更</source>
        <translation>Change status</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="227"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="236"/>
        <source>未变更卡状态。</source>
        <translation>The card status was not changed.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="252"/>
        <source>卡 %1 的状态已由“%2”改为“%3”，将同步至中心台账。</source>
        <translation>Card %1 changed from &apos;%2&apos; to &apos;%3&apos;; the change goes to the central ledger.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="256"/>
        <source>已为持卡人新建补卡申请（编号 %1），可立即办理。</source>
        <translation>A replacement application was opened for the holder (id %1): it can be continued now.</translation>
    </message>
</context>
<context>
    <name>CardTexts</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="27"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="28"/>
        <source>临时挂失</source>
        <translation>Temporarily reported lost</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="29"/>
        <source>挂失</source>
        <translation>Reported lost</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="30"/>
        <source>注销</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="31"/>
        <source>应用锁定</source>
        <translation>Application locked</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="32"/>
        <source>已补换</source>
        <translation>Replaced</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="33"/>
        <source>未启用</source>
        <translation>not activated</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="38"/>
        <source>持卡人找回卡片</source>
        <translation>The holder found the card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="39"/>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="53"/>
        <source>持卡人申请</source>
        <translation>At the holder&apos;s request</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="40"/>
        <source>电话挂失</source>
        <translation>Reported lost by phone</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="41"/>
        <source>柜面挂失</source>
        <translation>Reported lost at the counter</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="42"/>
        <source>卡片遗失</source>
        <translation>Card lost</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="43"/>
        <source>卡片被盗</source>
        <translation>Card stolen</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="44"/>
        <source>持卡人死亡</source>
        <translation>Holder deceased</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="45"/>
        <source>出国（境）定居</source>
        <translation>Holder settled abroad</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="46"/>
        <source>重复持卡</source>
        <translation>Holder has another card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="51"/>
        <source>忘记密码</source>
        <translation>Forgotten PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="52"/>
        <source>密码已锁定</source>
        <translation>PIN blocked</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="57"/>
        <source>请持卡人在密码键盘上输入密码。</source>
        <translation>The holder types the PIN on the PIN pad.</translation>
    </message>
    <message>
        <source>内部错误：%1（详情见日志）</source>
        <translation type="vanished">Internal error: %1 (see the log)</translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="49"/>
        <source>全部检查</source>
        <translation>Run all checks</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="52"/>
        <source>打印测试页</source>
        <translation>Print test page</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="54"/>
        <source>生成诊断包…</source>
        <translation>Make diagnostic bundle…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="56"/>
        <source>点击“全部检查”开始。</source>
        <translation>Click “Run all checks” to start.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="60"/>
        <source>检查项</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="60"/>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="60"/>
        <source>测量值</source>
        <translation>Measured</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="60"/>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="89"/>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="143"/>
        <source>保存诊断包</source>
        <translation>Save diagnostic bundle</translation>
    </message>
</context>
<context>
    <name>ChoiceButtons</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="64"/>
        <source>开始写卡 (F8)</source>
        <translation>Write chip (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="65"/>
        <source>重试 (F8)</source>
        <translation>Retry (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="66"/>
        <source>换一张卡 (F9)</source>
        <translation>Another card (F9)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="67"/>
        <source>登记废卡… (F10)</source>
        <translation>Spoiled card… (F10)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="68"/>
        <source>用新卡重新制卡 (F8)</source>
        <translation>Start again with a new card (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="69"/>
        <source>打印 (F8)</source>
        <translation>Print (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="70"/>
        <source>重新打印 (F8)</source>
        <translation>Reprint (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="71"/>
        <source>卡已打印 (F7)</source>
        <translation>Card came out printed (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="72"/>
        <source>持卡人设置密码 (F7)</source>
        <translation>Holder&apos;s PIN (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="73"/>
        <source>确认发放 (F8)</source>
        <translation>Confirm hand-over (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="74"/>
        <source>代办人领卡 (F6)</source>
        <translation>Agent collects (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="75"/>
        <source>退费… (F9)</source>
        <translation>Refund… (F9)</translation>
    </message>
</context>
<context>
    <name>ClerkHome</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="56"/>
        <source>今日制卡</source>
        <translation>Today&apos;s issuances</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="78"/>
        <source>新申请 (F2)</source>
        <translation>New application (F2)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="80"/>
        <source>继续办理 (Enter)</source>
        <translation>Continue (Enter)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="81"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="82"/>
        <source>卡片服务 (F7)</source>
        <translation>Card services (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="84"/>
        <source>卡内查询、密码修改与重置、挂失与注销</source>
        <translation>In-card query, PIN change and reset, loss and cancellation</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="139"/>
        <source>证书待签发 %1 张：持卡人再来时，在“卡片服务 → 数字证书”补签。</source>
        <translation>Certificates pending for %1 card(s): finish them in Card services → Certificates when the holder comes back.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="165"/>
        <source>共 %1 条，未完成 %2 条</source>
        <translation>%1 in all, %2 unfinished</translation>
    </message>
</context>
<context>
    <name>ConsolePage</name>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="171"/>
        <source>写卡槽（用户卡）</source>
        <translation>Encoder slot (user card)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="172"/>
        <source>PSAM 卡座</source>
        <translation>PSAM slot</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="175"/>
        <source>每行一条 APDU，如：00A404000F7378312E73682EC9E7BBE1B1A3D5CF  # 选择社保应用</source>
        <translation>One APDU a line, e.g. 00A404000F7378312E73682EC9E7BBE1B1A3D5CF  # select the social security application</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="176"/>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="183"/>
        <source>读卡器：</source>
        <translation>Reader:</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="190"/>
        <source>记录（已屏蔽密码、密文和个人信息；时间为毫秒）：</source>
        <translation>Trace (PINs, cryptograms and personal data masked; times in ms):</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="195"/>
        <source>确认发送</source>
        <translation>Confirm sending</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="196"/>
        <source>脚本包含会修改卡片或消耗重试次数的指令：%1。确定发送吗？</source>
        <translation>The script holds commands that change the card or use up a retry counter: %1. Send it?</translation>
    </message>
</context>
<context>
    <name>DailySeriesChart</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="37"/>
        <source>已发卡</source>
        <translation>issued</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="38"/>
        <source>废卡</source>
        <translation>spoiled</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="58"/>
        <source>每日发卡</source>
        <translation>Cards per day</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="46"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="50"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="52"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="57"/>
        <source>导出 %1</source>
        <translation>Export %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="64"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="64"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="66"/>
        <source>数量</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="65"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="68"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="70"/>
        <source>柜员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="65"/>
        <source>受理</source>
        <translation>Started</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="65"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="71"/>
        <source>发卡</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="65"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="71"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="78"/>
        <source>废卡</source>
        <translation>Spoiled</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="66"/>
        <source>申请类型 / 原因</source>
        <translation>Application type / reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="67"/>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="67"/>
        <source>次数</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="67"/>
        <source>平均</source>
        <translation>Mean</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="67"/>
        <source>90%</source>
        <translation>90%</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="68"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="70"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="68"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="70"/>
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="69"/>
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="69"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="71"/>
        <source>合作银行</source>
        <translation>Co-issuing bank</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="71"/>
        <source>制作中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="72"/>
        <source>账面结存</source>
        <translation>Expected on hand</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="76"/>
        <source>按状态</source>
        <translation>By state</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="76"/>
        <source>按柜员</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="77"/>
        <source>按类型</source>
        <translation>By type</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="77"/>
        <source>用时</source>
        <translation>Durations</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="78"/>
        <source>重新打印</source>
        <translation>Reprints</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="79"/>
        <source>按合作银行</source>
        <translation>By co-issuing bank</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="101"/>
        <source>正在统计…</source>
        <translation>Computing the totals…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="127"/>
        <source>受理 %1，发卡 %2，废卡 %3，重新打印 %4；平均每张 %5（90%：%6）；待同步 %7 条，最早 %8 前</source>
        <translation>Started %1, issued %2, spoiled %3, reprinted %4; mean per card %5 (90%: %6); %7 to sync, oldest %8 ago</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="136"/>
        <source>原因 %1</source>
        <translation>Reason %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="138"/>
        <source>每张卡</source>
        <translation>Per card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="153"/>
        <source>导出报表</source>
        <translation>Export report</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="157"/>
        <source>制卡日报 %1</source>
        <translation>Daily report %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="164"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>DeviceStatusBar</name>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="80"/>
        <source>同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="105"/>
        <source>立即把待同步记录发送到中心台账
%1
上次结果：%2</source>
        <translation>Send the waiting records to the central ledger now
%1
Last result: %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="106"/>
        <source>无法同步：%1</source>
        <translation>Cannot sync: %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="73"/>
        <source>写卡器</source>
        <translation>Encoder</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="75"/>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="76"/>
        <source>中心台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="96"/>
        <source>待同步 %1 条（最早 %2 前）</source>
        <translation>%1 to sync (oldest %2 ago)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="98"/>
        <source>无待同步记录</source>
        <translation>nothing to sync</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="100"/>
        <source>尚未被中心台账确认的本地记录数与其中最早一条的等待时间</source>
        <translation>Local records not yet acknowledged by the ledger, and how long the oldest has waited</translation>
    </message>
</context>
<context>
    <name>DocumentScan</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="63"/>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="196"/>
        <source>拍摄</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="64"/>
        <source>用相机拍摄证件页；再按一次拍下</source>
        <translation>Photograph the document page with the camera; press again to capture</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="65"/>
        <source>从文件导入…</source>
        <translation>Import file…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="66"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="72"/>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="145"/>
        <source>未扫描</source>
        <translation>Not scanned</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="170"/>
        <source>未找到相机：请点击“从文件导入…”导入扫描件</source>
        <translation>No camera found: click “Import file…” to import a scan</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="175"/>
        <source>拍下</source>
        <translation>Capture</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="176"/>
        <source>请将证件页放在相机前，然后点击“拍下”</source>
        <translation>Hold the document page in front of the camera, then click “Capture”</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="203"/>
        <source>选择扫描件</source>
        <translation>Choose a scan</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="204"/>
        <source>扫描件</source>
        <translation>Scans</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="317"/>
        <source>返回首页 (F8)</source>
        <translation>Home (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="324"/>
        <source>打印领卡回执 (F4)</source>
        <translation>Print collection receipt (F4)</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../src/counter_app/ui/errors.py" line="21"/>
        <source>内部错误：%1（详情见日志）</source>
        <translation>Internal error: %1 (see the log)</translation>
    </message>
</context>
<context>
    <name>ExceptionsPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="34"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="34"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="34"/>
        <source>经办人</source>
        <translation>Done by</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="34"/>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="38"/>
        <source>审批意见（必填）</source>
        <translation>Reason for the decision (required)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="42"/>
        <source>密码（确认身份）</source>
        <translation>Password (confirms it is you)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="43"/>
        <source>批准所选</source>
        <translation>Approve selected</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="45"/>
        <source>驳回所选</source>
        <translation>Reject selected</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="46"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="81"/>
        <source>只供查看，无需审批：持卡人再来时，在任一柜台补签证书后自动消除。</source>
        <translation>For information, nothing to decide: it clears when any counter finishes the holder&apos;s certificates.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="92"/>
        <source>请先选择要处理的事项。</source>
        <translation>Select the items to decide first.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="98"/>
        <source>已处理 %1 项。</source>
        <translation>%1 item(s) decided.</translation>
    </message>
</context>
<context>
    <name>FeePage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="60"/>
        <source>扫码支付</source>
        <translation>QR payment</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="61"/>
        <source>生成付款二维码 (F5)</source>
        <translation>Show payment QR code (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="65"/>
        <source>取消扫码支付</source>
        <translation>Cancel QR payment</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="77"/>
        <source>现金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="79"/>
        <source>实收金额（元）</source>
        <translation>Amount received (yuan)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="81"/>
        <source>收取现金并打印收据 (F6)</source>
        <translation>Take cash, print receipt (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="87"/>
        <source>实收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="88"/>
        <source>找零</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="91"/>
        <source>减免</source>
        <translation>Waiver</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="94"/>
        <source>减免说明（如：持残疾人证）</source>
        <translation>Waiver details (e.g. disability certificate)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="95"/>
        <source>办理减免</source>
        <translation>Waive the fee</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="99"/>
        <source>减免原因</source>
        <translation>Waiver reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="100"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="122"/>
        <source>应收：%1 元</source>
        <translation>Due: %1 yuan</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="126"/>
        <source>未配置扫码支付（柜台未连接中心账本）</source>
        <translation>QR payment not set up (the counter is not connected to the central ledger)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="132"/>
        <source>二维码已显示在申请人屏幕上，等待付款…（有效期至 %1）</source>
        <translation>The QR code is on the applicant&apos;s screen; waiting for payment… (valid until %1)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="152"/>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="157"/>
        <source>请输入实收金额，例如 20 或 50.00。</source>
        <translation>Enter the amount received, e.g. 20 or 50.00.</translation>
    </message>
</context>
<context>
    <name>HallPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="36"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>柜台编号</source>
        <translation>Counter id</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>发卡</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>三代卡</source>
        <translation>3rd generation</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>废卡</source>
        <translation>Spoiled</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="58"/>
        <source>重新打印</source>
        <translation>Reprints</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="58"/>
        <source>制作中</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="66"/>
        <source>按柜台</source>
        <translation>By counter</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="77"/>
        <source>正在向中心台账查询…</source>
        <translation>Asking the central ledger…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="86"/>
        <source>更新于 %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="90"/>
        <source>本厅 %1 · %2</source>
        <translation>Hall %1 · %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="93"/>
        <source>发卡 %1，其中三代卡 %2；废卡 %3，重新打印 %4，制作中 %5；平均每张 %6</source>
        <translation>%1 cards issued, %2 of them third generation; %3 spoiled, %4 reprints, %5 waiting; %6 per card on average</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="99"/>
        <source>三代卡年度目标</source>
        <translation>Third-generation target of the year</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="100"/>
        <source>全部卡年度目标</source>
        <translation>All-cards target of the year</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="110"/>
        <source>%1：无数据</source>
        <translation>%1: no figures</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="112"/>
        <source>%1：未设定目标；实际 %2，预计全年 %3</source>
        <translation>%1: no target set; actual %2, projected for the year %3</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="116"/>
        <source>（可达成）</source>
        <translation> (on track)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="116"/>
        <source>（进度落后）</source>
        <translation> (behind)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="117"/>
        <source>%1：目标 %2，实际 %3，预计全年 %4，完成 %5%6</source>
        <translation>%1: target %2, actual %3, projected for the year %4, %5 reached%6</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="134"/>
        <source>中心台账暂不可达，无法显示本厅数据；本柜台自己的日报见“当日概况”。可点击“刷新”重试。</source>
        <translation>The central ledger cannot be reached, so the hall&apos;s figures cannot be shown; this counter&apos;s own report is under “Dashboard”. Press “Refresh” to try again.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="136"/>
        <source>本柜台尚未在中心台账登记，无法显示本厅数据（请技术人员运行 counter-app enroll）。</source>
        <translation>This counter is not enrolled with the central ledger, so the hall&apos;s figures cannot be shown (a technician runs counter-app enroll).</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="138"/>
        <source>本柜台尚未归属服务大厅：请区级管理员在中心台账中为本柜台指定大厅。</source>
        <translation>This counter belongs to no service hall yet: the district administrator assigns it a hall on the central ledger.</translation>
    </message>
</context>
<context>
    <name>HandoverPage</name>
    <message>
        <source>请将卡片交给申请人，核对姓名与照片后确认发放。</source>
        <translation type="vanished">Give the card to the applicant, check name and photo, then confirm the hand-over.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="296"/>
        <source>持卡人密码：已设置</source>
        <translation>Holder&apos;s PIN: set</translation>
    </message>
    <message>
        <source>发放前请持卡人设置自己的密码：将卡片插入写卡器，请持卡人在面向其的密码键盘上输入新密码两次 (F7)。</source>
        <translation type="vanished">Before hand-over the holder chooses their own PIN: put the card in the encoder and have the holder type a new PIN twice on the pad facing them (F7).</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="299"/>
        <source>持卡人密码：未设置（卡片仍为初始密码，不能发放）</source>
        <translation>Holder&apos;s PIN: not set (the card still has its initial PIN and cannot be handed over)</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="39"/>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="42"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="46"/>
        <source>受理时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="46"/>
        <source>业务号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="46"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="47"/>
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="47"/>
        <source>申请类型</source>
        <translation>Application type</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="47"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="48"/>
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="50"/>
        <source>打印时间</source>
        <translation>Printed at</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="50"/>
        <source>材料</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="50"/>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="103"/>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="51"/>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="51"/>
        <source>经办人</source>
        <translation>Done by</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="52"/>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="112"/>
        <source>打印申请表</source>
        <translation>Print application form</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="54"/>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="114"/>
        <source>打印领卡回执</source>
        <translation>Print collection receipt</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="68"/>
        <source>已打印的材料</source>
        <translation>Papers printed</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="101"/>
        <source>申请表</source>
        <translation>Application form</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="101"/>
        <source>领卡回执</source>
        <translation>Collection receipt</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="112"/>
        <source>补打申请表</source>
        <translation>Reprint application form</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="113"/>
        <source>补打领卡回执</source>
        <translation>Reprint collection receipt</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="119"/>
        <source>请先选择一笔业务。</source>
        <translation>Select a case first.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="123"/>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="129"/>
        <source>打印失败：%1</source>
        <translation>Printing failed: %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="131"/>
        <source>已送打印：%1</source>
        <translation>Sent to the printer: %1</translation>
    </message>
</context>
<context>
    <name>IssuanceFlowWidget</name>
    <message>
        <source>1 申请人</source>
        <translation type="vanished">1 Applicant</translation>
    </message>
    <message>
        <source>2 照片</source>
        <translation type="vanished">2 Photo</translation>
    </message>
    <message>
        <source>3 核对</source>
        <translation type="vanished">3 Review</translation>
    </message>
    <message>
        <source>4 写卡</source>
        <translation type="vanished">4 Chip</translation>
    </message>
    <message>
        <source>5 打印</source>
        <translation type="vanished">5 Print</translation>
    </message>
    <message>
        <source>6 发放</source>
        <translation type="vanished">6 Hand-over</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="123"/>
        <source>取消制卡… (F12)</source>
        <translation>Cancel issuance… (F12)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="126"/>
        <source>返回首页 (Esc)</source>
        <translation>Home (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="128"/>
        <source>下一步 (Ctrl+Enter)</source>
        <translation>Next (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>上次写卡被中断：请插入同一张卡，将先回读再继续。</source>
        <translation type="vanished">The last chip write was interrupted: insert the same card; it is read back first, then completed.</translation>
    </message>
    <message>
        <source>写卡失败。请选择：重试、换一张卡，或将此卡登记为废卡。</source>
        <translation type="vanished">The chip write failed. Choose: retry, another card, or record this card as spoiled.</translation>
    </message>
    <message>
        <source>请插入一张空白卡。</source>
        <translation type="vanished">Insert a blank card.</translation>
    </message>
    <message>
        <source>芯片已写好并核验。请将卡放入打印机打印卡面。</source>
        <translation type="vanished">The chip is written and verified. Put the card in the printer for the face.</translation>
    </message>
    <message>
        <source>打印失败。排除故障后重新打印（芯片不会重写），或登记废卡。</source>
        <translation type="vanished">The print failed. Fix the printer and reprint (the chip is not written again), or record the card as spoiled.</translation>
    </message>
    <message>
        <source>打印结果不确定，请查看打印机。</source>
        <translation type="vanished">The print&apos;s outcome is unknown: look at the printer.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="341"/>
        <source>姓名：%1&#x3000;卡号：%2</source>
        <translation>Name: %1   Card number: %2</translation>
    </message>
    <message>
        <source>卡片已发放，制卡完成。</source>
        <translation type="vanished">The card was handed over: issuance complete.</translation>
    </message>
    <message>
        <source>此卡已登记为废卡。</source>
        <translation type="vanished">The card was recorded as spoiled.</translation>
    </message>
    <message>
        <source>本次制卡已取消。</source>
        <translation type="vanished">This issuance was cancelled.</translation>
    </message>
    <message>
        <source>请插入一张空白卡。插入后自动开始写卡。</source>
        <translation type="vanished">Insert a blank card. The write starts as soon as it is in.</translation>
    </message>
    <message>
        <source>请取出写卡器中的卡，再插入另一张空白卡。</source>
        <translation type="vanished">Take the card out of the encoder, then insert another blank card.</translation>
    </message>
    <message>
        <source>正在写卡，请勿取卡…</source>
        <translation type="vanished">Writing the chip: do not remove the card…</translation>
    </message>
    <message>
        <source>正在打印卡面…</source>
        <translation type="vanished">Printing the card face…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="102"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="102"/>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="103"/>
        <source>核对</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="103"/>
        <source>缴费</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="103"/>
        <source>写卡</source>
        <translation>Write chip</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="104"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="104"/>
        <source>发放</source>
        <translation>Hand-over</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="367"/>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="492"/>
        <source>请持卡人在读卡器的密码键盘上输入新密码，再输入一次确认。</source>
        <translation>The holder types the new PIN on the reader&apos;s keypad, then once more to confirm.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="495"/>
        <source>设置持卡人密码</source>
        <translation>Holder&apos;s PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="499"/>
        <source>请持卡人在密码键盘上输入新密码两次。</source>
        <translation>The holder types the new PIN twice on the PIN pad.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="504"/>
        <source>正在设置持卡人密码，请勿取卡…</source>
        <translation>Setting the holder&apos;s PIN: do not remove the card…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="525"/>
        <source>登记废卡</source>
        <translation>Record spoiled card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="525"/>
        <source>取消制卡</source>
        <translation>Cancel issuance</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="525"/>
        <source>退费</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="550"/>
        <source>正在核验身份证…</source>
        <translation>Checking the ID card…</translation>
    </message>
    <message>
        <source>内部错误：%1（详情见日志）</source>
        <translation type="vanished">Internal error: %1 (see the log)</translation>
    </message>
</context>
<context>
    <name>Light</name>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="24"/>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="24"/>
        <source>注意</source>
        <translation>attention</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="25"/>
        <source>故障</source>
        <translation>fault</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="25"/>
        <source>未启用</source>
        <translation>off</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="47"/>
        <source>%1：%2
%3</source>
        <translation>%1: %2
%3</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="108"/>
        <source>会话已锁定</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="111"/>
        <source>会话已锁定。请 %1 输入密码解锁，或退出登录。</source>
        <translation>The session is locked. %1, enter your password to unlock, or log out.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="120"/>
        <source>解锁(&amp;U)</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="121"/>
        <source>退出登录(&amp;O)</source>
        <translation>Log &amp;out</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="36"/>
        <source>社会保障卡即时制卡 — 登录</source>
        <translation>Social security card counter — log in</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="37"/>
        <source>社会保障卡即时制卡柜台</source>
        <translation>Social security card counter</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="48"/>
        <source>登录(&amp;L)</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="55"/>
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="56"/>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="82"/>
        <source>请输入用户名和密码。</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="85"/>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="232"/>
        <source>本柜台尚未在中心台账登记，无法同步</source>
        <translation>This counter is not enrolled with the central ledger: cannot sync</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="84"/>
        <source>社会保障卡即时制卡</source>
        <translation>Social security card counter</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="92"/>
        <source>操作员：%1</source>
        <translation>Operator: %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="119"/>
        <source>主管</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="119"/>
        <source>技术员</source>
        <translation>Technician</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="291"/>
        <source>正在写卡，请等待完成后再关闭。</source>
        <translation>A chip is being written: wait until it is done before closing.</translation>
    </message>
</context>
<context>
    <name>OnlineSection</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="49"/>
        <source>线上申请（今日领取）</source>
        <translation>Online applications (collection today)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="53"/>
        <source>扫描申请二维码，或输入申请编号（WA…）、身份证号后按回车</source>
        <translation>Scan the application&apos;s QR code, or type the application number (WA…) or the ID number, then Enter</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="56"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="60"/>
        <source>申请编号</source>
        <translation>Application number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="60"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="60"/>
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="60"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="101"/>
        <source>今日 %1 件，待办 %2 件</source>
        <translation>%1 today, %2 to do</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="103"/>
        <source>（中心台账暂不可达，显示本机保存的名单：%1）</source>
        <translation> (the central ledger cannot be reached; the list kept on this counter is shown: %1)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="133"/>
        <source>正在查找线上申请…</source>
        <translation>Finding the online application…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="139"/>
        <source>已打开线上申请 %1</source>
        <translation>Online application %1 opened</translation>
    </message>
</context>
<context>
    <name>PhotoPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="119"/>
        <source>拍照 (F3) 或从文件导入 (F4)；照片合格后“采用此照片” (F8)；有未测量的项目时先目视检查并“确认人工裁剪” (F5)</source>
        <translation>Capture (F3) or import a file (F4); once the photo passes, accept it (F8); when a check could not be measured, look at the crop and confirm the manual crop (F5) first</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="129"/>
        <source>无需照片（低龄儿童） (F6)</source>
        <translation>No photo (young child) (F6)</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="62"/>
        <source>输入密码</source>
        <translation>Enter PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="93"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="94"/>
        <source>退格</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="95"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="96"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="221"/>
        <source>两次输入的新密码不一致，请重新输入新密码。</source>
        <translation>The two entries differ: type the new PIN again.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="258"/>
        <source>请输入卡片当前密码</source>
        <translation>Type the card&apos;s current PIN</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="259"/>
        <source>请输入新密码（%1 位数字）</source>
        <translation>Type a new PIN (%1 digits)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="260"/>
        <source>请再次输入新密码</source>
        <translation>Type the new PIN again</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="271"/>
        <source>密码可用，请按“确定”。</source>
        <translation>This PIN can be used: press OK.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="273"/>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="275"/>
        <source>已输入 %1 位，共 %2 位</source>
        <translation>%1 of %2 digits</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="277"/>
        <source>已输入 %1 位</source>
        <translation>%1 digits</translation>
    </message>
</context>
<context>
    <name>PlaceholderHome</name>
    <message>
        <location filename="../../src/counter_app/ui/placeholder.py" line="13"/>
        <source>%1工作台将在后续版本提供。目前可使用命令行：counter-app --help</source>
        <translation>The %1 workspace comes in a later version. Meanwhile use the command line: counter-app --help</translation>
    </message>
</context>
<context>
    <name>PostalBatchPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="60"/>
        <source>邮寄制卡批次</source>
        <translation>Postal production batch</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="66"/>
        <source>开始制卡 (F5)</source>
        <translation>Start production (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="67"/>
        <source>停止 (F6)</source>
        <translation>Stop (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="68"/>
        <source>打印清单和标签 (F4)</source>
        <translation>Print manifest and labels (F4)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="76"/>
        <source>本批张数</source>
        <translation>Cards in this batch</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="84"/>
        <source>申请编号</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="84"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="84"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="84"/>
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="85"/>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="99"/>
        <source>邮件号</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="85"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="93"/>
        <source>扫描或输入邮件号（10至20位字母或数字）</source>
        <translation>Scan or type the tracking number (10 to 20 letters or digits)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="96"/>
        <source>标记已寄出 (Enter)</source>
        <translation>Mark posted (Enter)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="106"/>
        <source>返回首页 (Esc)</source>
        <translation>Back to home (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="127"/>
        <source>等待</source>
        <translation>waiting</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="128"/>
        <source>写卡中</source>
        <translation>writing</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="129"/>
        <source>打印中</source>
        <translation>printing</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="130"/>
        <source>已作废→换卡重做</source>
        <translation>spoiled → retry</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="131"/>
        <source>已完成</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="132"/>
        <source>留待下批</source>
        <translation>left for next batch</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="133"/>
        <source>转入下批</source>
        <translation>carried to next batch</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="134"/>
        <source>已寄出</source>
        <translation>posted</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="139"/>
        <source>制卡中</source>
        <translation>in production</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="140"/>
        <source>制卡完成，待打印清单</source>
        <translation>produced, manifest to print</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="141"/>
        <source>清单和标签已打印，待登记邮件号</source>
        <translation>manifest and labels printed, tracking numbers to record</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="142"/>
        <source>已全部寄出</source>
        <translation>all posted</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="161"/>
        <source>尚无邮寄批次。</source>
        <translation>No postal batch yet.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="164"/>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="250"/>
        <source>批次 %1：%2</source>
        <translation>Batch %1: %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="242"/>
        <source>正在制卡，请勿取出卡盒中的空白卡……</source>
        <translation>Producing: do not take the blank cards out of the hopper…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="259"/>
        <source>将在当前卡片完成后停止。</source>
        <translation>Stopping once the current card is finished.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="266"/>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="289"/>
        <source>清单或标签打印失败：请检查打印机后点击“打印清单和标签”。</source>
        <translation>The manifest or a label failed to print: check the printer, then click &apos;Print manifest and labels&apos;.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="269"/>
        <source>制卡完成：%1 张，清单和地址标签已打印。请逐张登记邮件号。</source>
        <translation>Production finished: %1 cards; the manifest and the address labels are printed. Record each tracking number.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="272"/>
        <source>%1 个申请留待下一批。</source>
        <translation> %1 applications are left for the next batch.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="276"/>
        <source>已停止。再次点击“开始制卡”继续本批次。</source>
        <translation>Stopped. Click &apos;Start production&apos; again to go on with this batch.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="286"/>
        <source>清单和地址标签已打印。</source>
        <translation>The manifest and the address labels are printed.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="305"/>
        <source>%1 已寄出（邮件号 %2）。卡片未启用，待持卡人激活。</source>
        <translation>%1 posted (tracking number %2). The card stays not activated until the holder activates it.</translation>
    </message>
</context>
<context>
    <name>RatingsPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="45"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="48"/>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="59"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="50"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="57"/>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="60"/>
        <source>柜员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="57"/>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="59"/>
        <source>评价数</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="57"/>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="59"/>
        <source>平均</source>
        <translation>Mean</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="58"/>
        <source>满意率</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="58"/>
        <source>差评业务号</source>
        <translation>Poorly rated cases</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="60"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="60"/>
        <source>业务号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="61"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="61"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="63"/>
        <source>按柜员</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="63"/>
        <source>按日</source>
        <translation>By day</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="64"/>
        <source>最近的评价原因</source>
        <translation>Recent rating reasons</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="82"/>
        <source>正在统计…</source>
        <translation>Computing the totals…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="95"/>
        <source>评价 %1 条，平均 %2，差评 %3 条</source>
        <translation>%1 rating(s), mean %2, %3 poor</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="105"/>
        <source>所选日期没有评价。</source>
        <translation>No ratings on the dates chosen.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="350"/>
        <source>请选择或输入原因</source>
        <translation>Choose or type a reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="359"/>
        <source>原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="360"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>RepresentativeSection</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="58"/>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="65"/>
        <source>代办事项：申领、领卡，或两者</source>
        <translation>The agent&apos;s errand: apply, collect, or both</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="69"/>
        <source>▣ 证件信息来自身份证</source>
        <translation>▣ Document data from the ID card</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="85"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="85"/>
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="86"/>
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="87"/>
        <source>关系</source>
        <translation>Relationship</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="87"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="100"/>
        <source>扫描件</source>
        <translation>Scans</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="170"/>
        <source>请将其身份证放到阅读器上：下一张读到的身份证填入此处</source>
        <translation>Put their ID card on the reader: the next ID card read fills this section</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="154"/>
        <source>确认无误，去写卡 (F8)</source>
        <translation>All correct: write the chip (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="158"/>
        <source>卡号在写卡时从本柜台号段中分配。请与申请人核对以下信息。</source>
        <translation>The card number is taken from this counter&apos;s block when the chip is written. Check the data below with the applicant.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="172"/>
        <source>打印申请表 (F4)</source>
        <translation>Print application form (F4)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="186"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="187"/>
        <source>证件</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="188"/>
        <source>社会保障号码</source>
        <translation>Social security number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="189"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="190"/>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="191"/>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="192"/>
        <source>出生地</source>
        <translation>Birthplace</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="193"/>
        <source>国籍</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="194"/>
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="194"/>
        <source>写卡时分配</source>
        <translation>assigned when the chip is written</translation>
    </message>
</context>
<context>
    <name>StatusAge</name>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="59"/>
        <source>%1 秒</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="61"/>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="62"/>
        <source>%1 小时</source>
        <translation>%1 h</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="50"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="50"/>
        <source>入库时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="50"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="75"/>
        <source>数量</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="51"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="76"/>
        <source>起始卡识别码</source>
        <translation>First chip ID</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="51"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="77"/>
        <source>结束卡识别码</source>
        <translation>Last chip ID</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="51"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="80"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="52"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="110"/>
        <source>入库</source>
        <translation>Receive stock</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="67"/>
        <source>卡管系统下发的批次号</source>
        <translation>Batch number from the card-management system</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="70"/>
        <source>登记入库</source>
        <translation>Record the batch</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="73"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="110"/>
        <source>合作银行</source>
        <translation>Co-issuing bank</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="74"/>
        <source>批次号</source>
        <translation>Batch number</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="78"/>
        <source>芯片类型</source>
        <translation>Chip type</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="79"/>
        <source>卡厂</source>
        <translation>Card vendor</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="82"/>
        <source>日结</source>
        <translation>Day close</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="90"/>
        <source> 元</source>
        <translation> yuan</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="91"/>
        <source>核对收费</source>
        <translation>Check the fees</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="94"/>
        <source>日结并签名</source>
        <translation>Close the day and sign</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="98"/>
        <source>实点空白卡</source>
        <translation>Blank cards counted</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="99"/>
        <source>实点现金</source>
        <translation>Cash counted</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="102"/>
        <source>当日收费</source>
        <translation>Today&apos;s fees</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="106"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="106"/>
        <source>笔数</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="106"/>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="110"/>
        <source>已用</source>
        <translation>Used</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="110"/>
        <source>作废</source>
        <translation>Spoiled</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="111"/>
        <source>账面结存</source>
        <translation>Expected on hand</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="111"/>
        <source>当日发卡</source>
        <translation>Issued today</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="111"/>
        <source>当日废卡</source>
        <translation>Spoiled today</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="112"/>
        <source>制作中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="112"/>
        <source>实点</source>
        <translation>Counted</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="112"/>
        <source>差额</source>
        <translation>Difference</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="122"/>
        <source>按合作银行</source>
        <translation>By co-issuing bank</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="157"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="159"/>
        <source>扫码</source>
        <translation>QR</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="157"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="159"/>
        <source>现金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="158"/>
        <source>减免 %1</source>
        <translation>Waived %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="159"/>
        <source>退费 %1</source>
        <translation>Refunded %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="161"/>
        <source>结转</source>
        <translation>Carried over</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="162"/>
        <source>现金应有</source>
        <translation>Cash expected</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="163"/>
        <source>扫码平台已付</source>
        <translation>Paid at the QR gateway</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="170"/>
        <source>收费与库存核对相符。</source>
        <translation>Fees and stock reconcile.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="195"/>
        <source>入库 %1，已用 %2，作废 %3，账面结存 %4</source>
        <translation>Received %1, used %2, spoiled %3, expected on hand %4</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="198"/>
        <source>库存不足：低于预警线 %1 张</source>
        <translation>Low stock: below %1 cards</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="210"/>
        <source>已入库第 %1 批：%2 张</source>
        <translation>Batch %1 received: %2 cards</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="219"/>
        <source>%1 已日结，库存相符。</source>
        <translation>%1 closed: the stock matches.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="221"/>
        <source>%1 已日结。库存不符：实点 %2，账面 %3，差 %4。</source>
        <translation>%1 closed. The stock differs: counted %2, expected %3, difference %4.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="229"/>
        <source>收费不符。</source>
        <translation>The fees do not match.</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="229"/>
        <source>收费相符。</source>
        <translation>The fees match.</translation>
    </message>
</context>
<context>
    <name>SupervisorHome</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="33"/>
        <source>当日概况</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="34"/>
        <source>本厅</source>
        <translation>Hall</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="35"/>
        <source>年度进度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="36"/>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="59"/>
        <source>例外审批</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="37"/>
        <source>卡片库存与日结</source>
        <translation>Card stock and day close</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="38"/>
        <source>服务评价</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="39"/>
        <source>业务查询</source>
        <translation>Cases</translation>
    </message>
</context>
<context>
    <name>TechnicianHome</name>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="300"/>
        <source>技术员工作台：设备诊断</source>
        <translation>Technician&apos;s desk: diagnostics</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="306"/>
        <source>检查</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="307"/>
        <source>APDU 控制台</source>
        <translation>APDU console</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="308"/>
        <source>相机预览</source>
        <translation>Camera preview</translation>
    </message>
</context>
<context>
    <name>TypeBreakdownChart</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="81"/>
        <source>按申请类型</source>
        <translation>By application type</translation>
    </message>
</context>
<context>
    <name>YearPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="35"/>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="59"/>
        <source>三代卡新发</source>
        <translation>New 3rd-gen cards</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="36"/>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="59"/>
        <source>全部发卡</source>
        <translation>All cards issued</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="48"/>
        <source>%1 年，截至 %2</source>
        <translation>%1, as of %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="53"/>
        <source>百年内不能</source>
        <translation>not within 100 years</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="54"/>
        <source>日均 %1 张，年末预计 %2 张，按此速度 %3 达标</source>
        <translation>%1 cards a day, %2 projected by year end; target reached at this rate: %3</translation>
    </message>
</context>
</TS>
