<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApplicantPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="109"/>
        <source>刷身份证或扫描条码（读卡器按键盘方式输入），回车填入</source>
        <translation>刷身份证或扫描条码（读卡器按键盘方式输入），回车填入</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="125"/>
        <source>仅生僻字姓名需要：经审核的芯片替代姓名</source>
        <translation>仅生僻字姓名需要：经审核的芯片替代姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="127"/>
        <source>（请选择）</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="153"/>
        <source>查询已有卡 (F6)</source>
        <translation>查询已有卡 (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="163"/>
        <source>证件类型(&amp;T)</source>
        <translation>证件类型(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="164"/>
        <source>证件号码(&amp;D)</source>
        <translation>证件号码(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="165"/>
        <source>姓名(&amp;M)</source>
        <translation>姓名(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="166"/>
        <source>芯片姓名</source>
        <translation>芯片姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="167"/>
        <source>性别(&amp;S)</source>
        <translation>性别(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="168"/>
        <source>出生日期(&amp;B)</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="169"/>
        <source>民族(&amp;E)</source>
        <translation>民族(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="170"/>
        <source>出生地代码</source>
        <translation>出生地代码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="171"/>
        <source>国籍</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="172"/>
        <source>电话</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="173"/>
        <source>地址</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="174"/>
        <source>申领类型(&amp;A)</source>
        <translation>申领类型(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="175"/>
        <source>原因(&amp;R)</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="204"/>
        <source>已有卡查询（中心台账）</source>
        <translation>已有卡查询（中心台账）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="209"/>
        <source>刷证/扫码(&amp;C)</source>
        <translation>刷证/扫码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="212"/>
        <source>来自身份证：标记 ▣ 的字段由身份证阅读器填入</source>
        <translation>来自身份证：标记 ▣ 的字段由身份证阅读器填入</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="215"/>
        <source>修改读卡信息(&amp;O)</source>
        <translation>修改读卡信息(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="217"/>
        <source>解锁身份证填入的字段；修改会记入审计日志</source>
        <translation>解锁身份证填入的字段；修改会记入审计日志</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="297"/>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="302"/>
        <source>（未填）</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="311"/>
        <source>（未设置合作银行）</source>
        <translation>（未设置合作银行）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="320"/>
        <source>长期</source>
        <translation>长期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="326"/>
        <source>职业类别</source>
        <translation>职业类别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="327"/>
        <source>户口性质</source>
        <translation>户口性质</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="328"/>
        <source>合作银行(&amp;K)</source>
        <translation>合作银行(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="329"/>
        <source>证件有效期起</source>
        <translation>证件有效期起</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="330"/>
        <source>证件有效期止</source>
        <translation>证件有效期止</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="331"/>
        <source>签发机关</source>
        <translation>签发机关</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="336"/>
        <source>监护人（申请人未满 %1 周岁，须由监护人办理）</source>
        <translation>监护人（申请人未满 %1 周岁，须由监护人办理）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="337"/>
        <source>读取监护人身份证</source>
        <translation>读取监护人身份证</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="341"/>
        <source>代办（由代办人凭授权委托书申领或领卡）</source>
        <translation>代办（由代办人凭授权委托书申领或领卡）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="344"/>
        <source>代办人</source>
        <translation>代办人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="344"/>
        <source>读取代办人身份证</source>
        <translation>读取代办人身份证</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="352"/>
        <source>证件有效期、职业与合作银行</source>
        <translation>证件有效期、职业与合作银行</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="415"/>
        <source>请监护人将身份证放到阅读器上：读到的身份证填入监护人一栏</source>
        <translation>请监护人将身份证放到阅读器上：读到的身份证填入监护人一栏</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="417"/>
        <source>请代办人将身份证放到阅读器上：读到的身份证填入代办人一栏</source>
        <translation>请代办人将身份证放到阅读器上：读到的身份证填入代办人一栏</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="554"/>
        <source>来自身份证（勾选“修改读卡信息”才能修改，修改记入审计）</source>
        <translation>来自身份证（勾选“修改读卡信息”才能修改，修改记入审计）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="729"/>
        <source>（无）</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="758"/>
        <source>未能识别读卡器/扫码输入</source>
        <translation>未能识别读卡器/扫码输入</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="849"/>
        <source>正在查询…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="851"/>
        <source>无法查询（离线），可继续办理</source>
        <translation>无法查询（离线），可继续办理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="856"/>
        <source>此人已有有效社保卡：%1。新申领不可办理，请改为补换卡。</source>
        <translation>此人已有有效社保卡：%1。新申领不可办理，请改为补换卡。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="859"/>
        <source>中心台账中此人没有有效社保卡</source>
        <translation>中心台账中此人没有有效社保卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_page.py" line="861"/>
        <source>中心台账暂不可达，结果未知，可继续办理</source>
        <translation>中心台账暂不可达，结果未知，可继续办理</translation>
    </message>
</context>
<context>
    <name>ApplicantScreen</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="54"/>
        <source>社会保障卡服务</source>
        <translation>社会保障卡服务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="58"/>
        <source>欢迎办理社会保障卡业务</source>
        <translation>欢迎办理社会保障卡业务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="69"/>
        <source>请用手机扫描二维码付款，付款后请稍候，柜员将继续为您办理。</source>
        <translation>请用手机扫描二维码付款，付款后请稍候，柜员将继续为您办理。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="78"/>
        <source>请对本次服务进行评价</source>
        <translation>请对本次服务进行评价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="99"/>
        <source>提交评价</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="109"/>
        <source>原因（可选）：</source>
        <translation>原因（可选）：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="118"/>
        <source>感谢您的评价！</source>
        <translation>感谢您的评价！</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/applicant_screen.py" line="145"/>
        <source>应缴费用：%1 元</source>
        <translation>应缴费用：%1 元</translation>
    </message>
</context>
<context>
    <name>ApplicationType</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="13"/>
        <source>新申领</source>
        <translation>新申领</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="14"/>
        <source>补换卡</source>
        <translation>补换卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="15"/>
        <source>换新卡</source>
        <translation>换新卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="16"/>
        <source>升级三代卡</source>
        <translation>升级三代卡</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="246"/>
        <source>未开始预览</source>
        <translation>未开始预览</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="252"/>
        <location filename="../../src/counter_app/ui/technician/home.py" line="289"/>
        <source>开始预览</source>
        <translation>开始预览</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="269"/>
        <source>停止预览</source>
        <translation>停止预览</translation>
    </message>
</context>
<context>
    <name>CardCertTab</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="38"/>
        <source>请将持卡人的卡片插入写卡器。读取证书不需要密码；签发和校验证书时，由持卡人在密码键盘上输入密码。</source>
        <translation>请将持卡人的卡片插入写卡器。读取证书不需要密码；签发和校验证书时，由持卡人在密码键盘上输入密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="42"/>
        <source>读取证书 (F8)</source>
        <translation>读取证书 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="45"/>
        <source>签发/补签证书…</source>
        <translation>签发/补签证书…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="46"/>
        <source>校验证书…</source>
        <translation>校验证书…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="56"/>
        <source>卡内签名证书</source>
        <translation>卡内签名证书</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="65"/>
        <source>卡号</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="66"/>
        <source>证书序列号</source>
        <translation>证书序列号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="67"/>
        <source>有效期</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="68"/>
        <source>签发者</source>
        <translation>签发者</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="69"/>
        <source>证书链</source>
        <translation>证书链</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="71"/>
        <source>校验结果</source>
        <translation>校验结果</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="78"/>
        <source>持有证明</source>
        <translation>持有证明</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="79"/>
        <source>吊销状态</source>
        <translation>吊销状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="103"/>
        <source>正在读取卡内证书，请勿取卡…</source>
        <translation>正在读取卡内证书，请勿取卡…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="109"/>
        <source>已读取卡内证书。</source>
        <translation>已读取卡内证书。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="111"/>
        <source>卡内没有数字证书：请点“签发/补签证书”，由持卡人输入密码。</source>
        <translation>卡内没有数字证书：请点“签发/补签证书”，由持卡人输入密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="121"/>
        <source>卡内没有证书</source>
        <translation>卡内没有证书</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="125"/>
        <source>%1 至 %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="129"/>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="166"/>
        <source>可验证至本柜台信任的中心 CA</source>
        <translation>可验证至本柜台信任的中心 CA</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="131"/>
        <source>验证失败：%1</source>
        <translation>验证失败：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="134"/>
        <source>本柜台尚未取得中心 CA 证书，暂不能验证（首次签发证书时取得）</source>
        <translation>本柜台尚未取得中心 CA 证书，暂不能验证（首次签发证书时取得）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="139"/>
        <source>签发证书</source>
        <translation>签发证书</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="141"/>
        <source>正在签发证书（生成密钥、向中心台账申请、写入卡片），请勿取卡…</source>
        <translation>正在签发证书（生成密钥、向中心台账申请、写入卡片），请勿取卡…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="145"/>
        <source>校验证书</source>
        <translation>校验证书</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="147"/>
        <source>正在校验证书，请勿取卡…</source>
        <translation>正在校验证书，请勿取卡…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="157"/>
        <source>证书已写入卡片并验证持有（卡号 %1，序列号 …%2）。</source>
        <translation>证书已写入卡片并验证持有（卡号 %1，序列号 …%2）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="165"/>
        <source>至 %1</source>
        <translation>至 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="167"/>
        <source>通过：卡片用持卡人密码签名，证书公钥验证成功</source>
        <translation>通过：卡片用持卡人密码签名，证书公钥验证成功</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="169"/>
        <source>已吊销：该证书在中心台账的吊销列表上（卡片已挂失或注销）</source>
        <translation>已吊销：该证书在中心台账的吊销列表上（卡片已挂失或注销）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="170"/>
        <source>证书已被吊销，不能使用。</source>
        <translation>证书已被吊销，不能使用。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="173"/>
        <source>未吊销</source>
        <translation>未吊销</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="174"/>
        <source>证书校验通过。</source>
        <translation>证书校验通过。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="176"/>
        <source>未知：中心台账不可达，无法取得吊销列表</source>
        <translation>未知：中心台账不可达，无法取得吊销列表</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="177"/>
        <source>证书链和持有证明通过；吊销状态暂无法确认（离线）。</source>
        <translation>证书链和持有证明通过；吊销状态暂无法确认（离线）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_cert_tab.py" line="184"/>
        <source>中心台账暂时无法连接，证书未签发。卡片照常使用；请稍后再试（任一柜台均可补签）。</source>
        <translation>中心台账暂时无法连接，证书未签发。卡片照常使用；请稍后再试（任一柜台均可补签）。</translation>
    </message>
</context>
<context>
    <name>CardPinTab</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="32"/>
        <source>请将持卡人的卡片插入写卡器。密码只由持卡人在面向其的密码键盘上输入，柜员不得代输。</source>
        <translation>请将持卡人的卡片插入写卡器。密码只由持卡人在面向其的密码键盘上输入，柜员不得代输。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="37"/>
        <source>查询剩余次数</source>
        <translation>查询剩余次数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="38"/>
        <source>校验密码…</source>
        <translation>校验密码…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="39"/>
        <source>修改密码…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="48"/>
        <source>密码重置（持卡人本人持身份证到柜台）</source>
        <translation>密码重置（持卡人本人持身份证到柜台）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="51"/>
        <source>持卡人身份证号码（与卡内社会保障号码核对）</source>
        <translation>持卡人身份证号码（与卡内社会保障号码核对）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="57"/>
        <source>重置密码…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="61"/>
        <source>证件号码(&amp;I)</source>
        <translation>证件号码(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="62"/>
        <source>原因(&amp;R)</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="64"/>
        <source>重置需要 PSAM 卡；重置后持卡人须立即设置新密码，并记入审计日志。</source>
        <translation>重置需要 PSAM 卡；重置后持卡人须立即设置新密码，并记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="89"/>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="98"/>
        <source>密码剩余尝试次数：%1</source>
        <translation>密码剩余尝试次数：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="91"/>
        <source>已读取密码剩余尝试次数。</source>
        <translation>已读取密码剩余尝试次数。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="114"/>
        <source>校验密码</source>
        <translation>校验密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="116"/>
        <source>密码正确。</source>
        <translation>密码正确。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="119"/>
        <source>修改密码</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="121"/>
        <source>密码已修改（卡号 %1）。</source>
        <translation>密码已修改（卡号 %1）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="127"/>
        <source>重置密码</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="134"/>
        <source>密码已重置（卡号 %1），请持卡人牢记新密码。</source>
        <translation>密码已重置（卡号 %1），请持卡人牢记新密码。</translation>
    </message>
    <message>
        <source>请持卡人在密码键盘上输入密码。</source>
        <translation type="vanished">请持卡人在密码键盘上输入密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_pin_tab.py" line="104"/>
        <source>密码已锁定（连续输错 3 次）。请核验持卡人本人身份证件，在下方“密码重置”中输入证件号码，原因选“密码已锁定”，由持卡人输入新密码（需 PSAM 卡）。</source>
        <translation>密码已锁定（连续输错 3 次）。请核验持卡人本人身份证件，在下方“密码重置”中输入证件号码，原因选“密码已锁定”，由持卡人输入新密码（需 PSAM 卡）。</translation>
    </message>
</context>
<context>
    <name>CardQueryTab</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="41"/>
        <source>请将持卡人的卡片插入写卡器，然后读卡。卡内信息与本柜台记录不一致的项目标为红色。</source>
        <translation>请将持卡人的卡片插入写卡器，然后读卡。卡内信息与本柜台记录不一致的项目标为红色。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="44"/>
        <source>读卡查询 (F8)</source>
        <translation>读卡查询 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="47"/>
        <source>打印回执 (F9)</source>
        <translation>打印回执 (F9)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="49"/>
        <source>去补签证书</source>
        <translation>去补签证书</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="58"/>
        <source>项目</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="58"/>
        <source>卡内信息</source>
        <translation>卡内信息</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="58"/>
        <source>本柜台记录</source>
        <translation>本柜台记录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="90"/>
        <source>正在读卡，请勿取卡…</source>
        <translation>正在读卡，请勿取卡…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="100"/>
        <source>这是一张空白卡（卡识别码 %1），卡内没有个人信息。</source>
        <translation>这是一张空白卡（卡识别码 %1），卡内没有个人信息。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="106"/>
        <source>（不记录）</source>
        <translation>（不记录）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="111"/>
        <source>数字证书</source>
        <translation>数字证书</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="113"/>
        <source>非接触接口</source>
        <translation>非接触接口</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="113"/>
        <source>UID %1</source>
        <translation>UID %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="114"/>
        <source>与接触式读卡一致</source>
        <translation>与接触式读卡一致</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="115"/>
        <source>与接触式读卡不一致</source>
        <translation>与接触式读卡不一致</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="118"/>
        <source>卡状态</source>
        <translation>卡状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="119"/>
        <source>制卡记录</source>
        <translation>制卡记录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="120"/>
        <source>持卡人密码</source>
        <translation>持卡人密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="120"/>
        <source>已设置</source>
        <translation>已设置</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="121"/>
        <source>未设置（初始密码）</source>
        <translation>未设置（初始密码）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="123"/>
        <source>金融账户</source>
        <translation>金融账户</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="123"/>
        <source>已激活（%1，银行报告）</source>
        <translation>已激活（%1，银行报告）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="124"/>
        <source>未激活（在银行激活）</source>
        <translation>未激活（在银行激活）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="132"/>
        <source>卡内信息与本柜台记录不一致</source>
        <translation>卡内信息与本柜台记录不一致</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="133"/>
        <source>证书待签发：请在“数字证书”页签由持卡人输入密码补签</source>
        <translation>证书待签发：请在“数字证书”页签由持卡人输入密码补签</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="141"/>
        <source>本柜台没有这张卡的制卡记录，只显示卡内信息。</source>
        <translation>本柜台没有这张卡的制卡记录，只显示卡内信息。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="143"/>
        <source>有 %1 项卡内信息与本柜台记录不一致（红色标出），请核实。</source>
        <translation>有 %1 项卡内信息与本柜台记录不一致（红色标出），请核实。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="145"/>
        <source>卡内信息与本柜台记录一致。</source>
        <translation>卡内信息与本柜台记录一致。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="148"/>
        <source>这张卡的数字证书待签发（橙色标出）：请转到“数字证书”页签，由持卡人输入密码补签。</source>
        <translation>这张卡的数字证书待签发（橙色标出）：请转到“数字证书”页签，由持卡人输入密码补签。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_query_tab.py" line="171"/>
        <source>正在打印回执（打印机 %1）…</source>
        <translation>正在打印回执（打印机 %1）…</translation>
    </message>
</context>
<context>
    <name>CardServicesPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="27"/>
        <source>卡片服务</source>
        <translation>卡片服务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="33"/>
        <source>卡内查询</source>
        <translation>卡内查询</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="34"/>
        <source>密码服务</source>
        <translation>密码服务</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="35"/>
        <source>卡状态</source>
        <translation>卡状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="39"/>
        <source>数字证书</source>
        <translation>数字证书</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_services_page.py" line="43"/>
        <source>返回首页 (Esc)</source>
        <translation>返回首页 (Esc)</translation>
    </message>
</context>
<context>
    <name>CardStatusTab</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="75"/>
        <source>9 位社会保障卡卡号</source>
        <translation>9 位社会保障卡卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="76"/>
        <source>查询状态</source>
        <translation>查询状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="85"/>
        <source>变更状态…</source>
        <translation>变更状态…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="87"/>
        <source>办理补卡申请</source>
        <translation>办理补卡申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="89"/>
        <source>激活…</source>
        <translation>激活…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="91"/>
        <source>持卡人本人到柜台，插入此卡，设置或输入密码后启用</source>
        <translation>持卡人本人到柜台，插入此卡，设置或输入密码后启用</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="103"/>
        <source>卡号(&amp;N)</source>
        <translation>卡号(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="106"/>
        <source>当前状态</source>
        <translation>当前状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="107"/>
        <source>新状态(&amp;S)</source>
        <translation>新状态(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="108"/>
        <source>原因(&amp;R)</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="109"/>
        <source>挂失与注销是最终状态，不能撤销；挂失后将自动新建补卡申请（原因：挂失补卡），并带出持卡人信息。状态变更同步至中心台账。</source>
        <translation>挂失与注销是最终状态，不能撤销；挂失后将自动新建补卡申请（原因：挂失补卡），并带出持卡人信息。状态变更同步至中心台账。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="181"/>
        <source>此卡尚未启用（如由代办人领取）：请持卡人本人到柜台，插入此卡后点击“激活”。</source>
        <translation>此卡尚未启用（如由代办人领取）：请持卡人本人到柜台，插入此卡后点击“激活”。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="194"/>
        <source>请持卡人在读卡器的密码键盘上输入密码。</source>
        <translation>请持卡人在读卡器的密码键盘上输入密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="198"/>
        <source>设置密码并激活</source>
        <translation>设置密码并激活</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="200"/>
        <source>输入密码并激活</source>
        <translation>输入密码并激活</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="205"/>
        <source>卡 %1 已激活，状态为“正常”，将同步至中心台账和卡管系统。</source>
        <translation>卡 %1 已激活，状态为“正常”，将同步至中心台账和卡管系统。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="210"/>
        <source>请输入有效的卡号。</source>
        <translation>请输入有效的卡号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="219"/>
        <source>将卡 %1 的状态改为“%2”？此为最终状态，不能撤销。</source>
        <translation>将卡 %1 的状态改为“%2”？此为最终状态，不能撤销。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="222"/>
        <source>挂失后将为持卡人新建补卡申请。</source>
        <translation>挂失后将为持卡人新建补卡申请。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="223"/>
        <source>确认变更卡状态</source>
        <translation>确认变更卡状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="226"/>
        <source>确认变更</source>
        <translation>确认变更</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="227"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="236"/>
        <source>未变更卡状态。</source>
        <translation>未变更卡状态。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="252"/>
        <source>卡 %1 的状态已由“%2”改为“%3”，将同步至中心台账。</source>
        <translation>卡 %1 的状态已由“%2”改为“%3”，将同步至中心台账。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_status_tab.py" line="256"/>
        <source>已为持卡人新建补卡申请（编号 %1），可立即办理。</source>
        <translation>已为持卡人新建补卡申请（编号 %1），可立即办理。</translation>
    </message>
</context>
<context>
    <name>CardTexts</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="27"/>
        <source>正常</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="28"/>
        <source>临时挂失</source>
        <translation>临时挂失</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="29"/>
        <source>挂失</source>
        <translation>挂失</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="30"/>
        <source>注销</source>
        <translation>注销</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="31"/>
        <source>应用锁定</source>
        <translation>应用锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="32"/>
        <source>已补换</source>
        <translation>已补换</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="33"/>
        <source>未启用</source>
        <translation>未启用</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="38"/>
        <source>持卡人找回卡片</source>
        <translation>持卡人找回卡片</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="39"/>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="53"/>
        <source>持卡人申请</source>
        <translation>持卡人申请</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="40"/>
        <source>电话挂失</source>
        <translation>电话挂失</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="41"/>
        <source>柜面挂失</source>
        <translation>柜面挂失</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="42"/>
        <source>卡片遗失</source>
        <translation>卡片遗失</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="43"/>
        <source>卡片被盗</source>
        <translation>卡片被盗</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="44"/>
        <source>持卡人死亡</source>
        <translation>持卡人死亡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="45"/>
        <source>出国（境）定居</source>
        <translation>出国（境）定居</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="46"/>
        <source>重复持卡</source>
        <translation>重复持卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="51"/>
        <source>忘记密码</source>
        <translation>忘记密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="52"/>
        <source>密码已锁定</source>
        <translation>密码已锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/card_service_tab.py" line="57"/>
        <source>请持卡人在密码键盘上输入密码。</source>
        <translation>请持卡人在密码键盘上输入密码。</translation>
    </message>
    <message>
        <source>内部错误：%1（详情见日志）</source>
        <translation type="vanished">内部错误：%1（详情见日志）</translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="49"/>
        <source>全部检查</source>
        <translation>全部检查</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="52"/>
        <source>打印测试页</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="54"/>
        <source>生成诊断包…</source>
        <translation>生成诊断包…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="56"/>
        <source>点击“全部检查”开始。</source>
        <translation>点击“全部检查”开始。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="60"/>
        <source>检查项</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="60"/>
        <source>结论</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="60"/>
        <source>测量值</source>
        <translation>测量值</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="60"/>
        <source>下一步</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="89"/>
        <source>正在检查…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="143"/>
        <source>保存诊断包</source>
        <translation>保存诊断包</translation>
    </message>
</context>
<context>
    <name>ChoiceButtons</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="64"/>
        <source>开始写卡 (F8)</source>
        <translation>开始写卡 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="65"/>
        <source>重试 (F8)</source>
        <translation>重试 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="66"/>
        <source>换一张卡 (F9)</source>
        <translation>换一张卡 (F9)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="67"/>
        <source>登记废卡… (F10)</source>
        <translation>登记废卡… (F10)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="68"/>
        <source>用新卡重新制卡 (F8)</source>
        <translation>用新卡重新制卡 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="69"/>
        <source>打印 (F8)</source>
        <translation>打印 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="70"/>
        <source>重新打印 (F8)</source>
        <translation>重新打印 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="71"/>
        <source>卡已打印 (F7)</source>
        <translation>卡已打印 (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="72"/>
        <source>持卡人设置密码 (F7)</source>
        <translation>持卡人设置密码 (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="73"/>
        <source>确认发放 (F8)</source>
        <translation>确认发放 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="74"/>
        <source>代办人领卡 (F6)</source>
        <translation>代办人领卡 (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="75"/>
        <source>退费… (F9)</source>
        <translation>退费… (F9)</translation>
    </message>
</context>
<context>
    <name>ClerkHome</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="56"/>
        <source>今日制卡</source>
        <translation>今日制卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>证件号码</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="61"/>
        <source>卡号</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="78"/>
        <source>新申请 (F2)</source>
        <translation>新申请 (F2)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="80"/>
        <source>继续办理 (Enter)</source>
        <translation>继续办理 (Enter)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="81"/>
        <source>刷新 (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="82"/>
        <source>卡片服务 (F7)</source>
        <translation>卡片服务 (F7)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="84"/>
        <source>卡内查询、密码修改与重置、挂失与注销</source>
        <translation>卡内查询、密码修改与重置、挂失与注销</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="139"/>
        <source>证书待签发 %1 张：持卡人再来时，在“卡片服务 → 数字证书”补签。</source>
        <translation>证书待签发 %1 张：持卡人再来时，在“卡片服务 → 数字证书”补签。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/home.py" line="165"/>
        <source>共 %1 条，未完成 %2 条</source>
        <translation>共 %1 条，未完成 %2 条</translation>
    </message>
</context>
<context>
    <name>ConsolePage</name>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="171"/>
        <source>写卡槽（用户卡）</source>
        <translation>写卡槽（用户卡）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="172"/>
        <source>PSAM 卡座</source>
        <translation>PSAM 卡座</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="175"/>
        <source>每行一条 APDU，如：00A404000F7378312E73682EC9E7BBE1B1A3D5CF  # 选择社保应用</source>
        <translation>每行一条 APDU，如：00A404000F7378312E73682EC9E7BBE1B1A3D5CF  # 选择社保应用</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="176"/>
        <source>发送</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="183"/>
        <source>读卡器：</source>
        <translation>读卡器：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="190"/>
        <source>记录（已屏蔽密码、密文和个人信息；时间为毫秒）：</source>
        <translation>记录（已屏蔽密码、密文和个人信息；时间为毫秒）：</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="195"/>
        <source>确认发送</source>
        <translation>确认发送</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="196"/>
        <source>脚本包含会修改卡片或消耗重试次数的指令：%1。确定发送吗？</source>
        <translation>脚本包含会修改卡片或消耗重试次数的指令：%1。确定发送吗？</translation>
    </message>
</context>
<context>
    <name>DailySeriesChart</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="37"/>
        <source>已发卡</source>
        <translation>已发卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="38"/>
        <source>废卡</source>
        <translation>废卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="58"/>
        <source>每日发卡</source>
        <translation>每日发卡</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="46"/>
        <source>刷新 (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="50"/>
        <source>日期</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="52"/>
        <source>至</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="57"/>
        <source>导出 %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="64"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="64"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="66"/>
        <source>数量</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="65"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="68"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="70"/>
        <source>柜员</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="65"/>
        <source>受理</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="65"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="71"/>
        <source>发卡</source>
        <translation>发卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="65"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="71"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="78"/>
        <source>废卡</source>
        <translation>废卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="66"/>
        <source>申请类型 / 原因</source>
        <translation>申请类型 / 原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="67"/>
        <source>步骤</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="67"/>
        <source>次数</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="67"/>
        <source>平均</source>
        <translation>平均</translation>
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
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="68"/>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="70"/>
        <source>卡号</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="69"/>
        <source>证件号码</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="69"/>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="71"/>
        <source>合作银行</source>
        <translation>合作银行</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="71"/>
        <source>制作中</source>
        <translation>制作中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="72"/>
        <source>账面结存</source>
        <translation>账面结存</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="76"/>
        <source>按状态</source>
        <translation>按状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="76"/>
        <source>按柜员</source>
        <translation>按柜员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="77"/>
        <source>按类型</source>
        <translation>按类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="77"/>
        <source>用时</source>
        <translation>用时</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="78"/>
        <source>重新打印</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="79"/>
        <source>按合作银行</source>
        <translation>按合作银行</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="101"/>
        <source>正在统计…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="127"/>
        <source>受理 %1，发卡 %2，废卡 %3，重新打印 %4；平均每张 %5（90%：%6）；待同步 %7 条，最早 %8 前</source>
        <translation>受理 %1，发卡 %2，废卡 %3，重新打印 %4；平均每张 %5（90%：%6）；待同步 %7 条，最早 %8 前</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="136"/>
        <source>原因 %1</source>
        <translation>原因 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="138"/>
        <source>每张卡</source>
        <translation>每张卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="153"/>
        <source>导出报表</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="157"/>
        <source>制卡日报 %1</source>
        <translation>制卡日报 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/dashboard.py" line="164"/>
        <source>已导出：%1</source>
        <translation>已导出：%1</translation>
    </message>
</context>
<context>
    <name>DeviceStatusBar</name>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="80"/>
        <source>同步</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="105"/>
        <source>立即把待同步记录发送到中心台账
%1
上次结果：%2</source>
        <translation>立即把待同步记录发送到中心台账
%1
上次结果：%2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="106"/>
        <source>无法同步：%1</source>
        <translation>无法同步：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="73"/>
        <source>写卡器</source>
        <translation>写卡器</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="75"/>
        <source>打印机</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="76"/>
        <source>中心台账</source>
        <translation>中心台账</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="96"/>
        <source>待同步 %1 条（最早 %2 前）</source>
        <translation>待同步 %1 条（最早 %2 前）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="98"/>
        <source>无待同步记录</source>
        <translation>无待同步记录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="100"/>
        <source>尚未被中心台账确认的本地记录数与其中最早一条的等待时间</source>
        <translation>尚未被中心台账确认的本地记录数与其中最早一条的等待时间</translation>
    </message>
</context>
<context>
    <name>DocumentScan</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="63"/>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="196"/>
        <source>拍摄</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="64"/>
        <source>用相机拍摄证件页；再按一次拍下</source>
        <translation>用相机拍摄证件页；再按一次拍下</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="65"/>
        <source>从文件导入…</source>
        <translation>从文件导入…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="66"/>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="72"/>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="145"/>
        <source>未扫描</source>
        <translation>未扫描</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="170"/>
        <source>未找到相机：请点击“从文件导入…”导入扫描件</source>
        <translation>未找到相机：请点击“从文件导入…”导入扫描件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="175"/>
        <source>拍下</source>
        <translation>拍下</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="176"/>
        <source>请将证件页放在相机前，然后点击“拍下”</source>
        <translation>请将证件页放在相机前，然后点击“拍下”</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="203"/>
        <source>选择扫描件</source>
        <translation>选择扫描件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/document_scan.py" line="204"/>
        <source>扫描件</source>
        <translation>扫描件</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="317"/>
        <source>返回首页 (F8)</source>
        <translation>返回首页 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="324"/>
        <source>打印领卡回执 (F4)</source>
        <translation>打印领卡回执 (F4)</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../src/counter_app/ui/errors.py" line="21"/>
        <source>内部错误：%1（详情见日志）</source>
        <translation>内部错误：%1（详情见日志）</translation>
    </message>
</context>
<context>
    <name>ExceptionsPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="34"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="34"/>
        <source>类型</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="34"/>
        <source>经办人</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="34"/>
        <source>内容</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="38"/>
        <source>审批意见（必填）</source>
        <translation>审批意见（必填）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="42"/>
        <source>密码（确认身份）</source>
        <translation>密码（确认身份）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="43"/>
        <source>批准所选</source>
        <translation>批准所选</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="45"/>
        <source>驳回所选</source>
        <translation>驳回所选</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="46"/>
        <source>刷新</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="81"/>
        <source>只供查看，无需审批：持卡人再来时，在任一柜台补签证书后自动消除。</source>
        <translation>只供查看，无需审批：持卡人再来时，在任一柜台补签证书后自动消除。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="92"/>
        <source>请先选择要处理的事项。</source>
        <translation>请先选择要处理的事项。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/exceptions_page.py" line="98"/>
        <source>已处理 %1 项。</source>
        <translation>已处理 %1 项。</translation>
    </message>
</context>
<context>
    <name>FeePage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="60"/>
        <source>扫码支付</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="61"/>
        <source>生成付款二维码 (F5)</source>
        <translation>生成付款二维码 (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="65"/>
        <source>取消扫码支付</source>
        <translation>取消扫码支付</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="77"/>
        <source>现金</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="79"/>
        <source>实收金额（元）</source>
        <translation>实收金额（元）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="81"/>
        <source>收取现金并打印收据 (F6)</source>
        <translation>收取现金并打印收据 (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="87"/>
        <source>实收</source>
        <translation>实收</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="88"/>
        <source>找零</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="91"/>
        <source>减免</source>
        <translation>减免</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="94"/>
        <source>减免说明（如：持残疾人证）</source>
        <translation>减免说明（如：持残疾人证）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="95"/>
        <source>办理减免</source>
        <translation>办理减免</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="99"/>
        <source>减免原因</source>
        <translation>减免原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="100"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="122"/>
        <source>应收：%1 元</source>
        <translation>应收：%1 元</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="126"/>
        <source>未配置扫码支付（柜台未连接中心账本）</source>
        <translation>未配置扫码支付（柜台未连接中心账本）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="132"/>
        <source>二维码已显示在申请人屏幕上，等待付款…（有效期至 %1）</source>
        <translation>二维码已显示在申请人屏幕上，等待付款…（有效期至 %1）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="152"/>
        <source>%1 元</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/fee_page.py" line="157"/>
        <source>请输入实收金额，例如 20 或 50.00。</source>
        <translation>请输入实收金额，例如 20 或 50.00。</translation>
    </message>
</context>
<context>
    <name>HallPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="36"/>
        <source>刷新 (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>柜台编号</source>
        <translation>柜台编号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>名称</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>发卡</source>
        <translation>发卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>三代卡</source>
        <translation>三代卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="57"/>
        <source>废卡</source>
        <translation>废卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="58"/>
        <source>重新打印</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="58"/>
        <source>制作中</source>
        <translation>制作中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="66"/>
        <source>按柜台</source>
        <translation>按柜台</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="77"/>
        <source>正在向中心台账查询…</source>
        <translation>正在向中心台账查询…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="86"/>
        <source>更新于 %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="90"/>
        <source>本厅 %1 · %2</source>
        <translation>本厅 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="93"/>
        <source>发卡 %1，其中三代卡 %2；废卡 %3，重新打印 %4，制作中 %5；平均每张 %6</source>
        <translation>发卡 %1，其中三代卡 %2；废卡 %3，重新打印 %4，制作中 %5；平均每张 %6</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="99"/>
        <source>三代卡年度目标</source>
        <translation>三代卡年度目标</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="100"/>
        <source>全部卡年度目标</source>
        <translation>全部卡年度目标</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="110"/>
        <source>%1：无数据</source>
        <translation>%1：无数据</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="112"/>
        <source>%1：未设定目标；实际 %2，预计全年 %3</source>
        <translation>%1：未设定目标；实际 %2，预计全年 %3</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="116"/>
        <source>（可达成）</source>
        <translation>（可达成）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="116"/>
        <source>（进度落后）</source>
        <translation>（进度落后）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="117"/>
        <source>%1：目标 %2，实际 %3，预计全年 %4，完成 %5%6</source>
        <translation>%1：目标 %2，实际 %3，预计全年 %4，完成 %5%6</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="134"/>
        <source>中心台账暂不可达，无法显示本厅数据；本柜台自己的日报见“当日概况”。可点击“刷新”重试。</source>
        <translation>中心台账暂不可达，无法显示本厅数据；本柜台自己的日报见“当日概况”。可点击“刷新”重试。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="136"/>
        <source>本柜台尚未在中心台账登记，无法显示本厅数据（请技术人员运行 counter-app enroll）。</source>
        <translation>本柜台尚未在中心台账登记，无法显示本厅数据（请技术人员运行 counter-app enroll）。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/hall_page.py" line="138"/>
        <source>本柜台尚未归属服务大厅：请区级管理员在中心台账中为本柜台指定大厅。</source>
        <translation>本柜台尚未归属服务大厅：请区级管理员在中心台账中为本柜台指定大厅。</translation>
    </message>
</context>
<context>
    <name>HandoverPage</name>
    <message>
        <source>请将卡片交给申请人，核对姓名与照片后确认发放。</source>
        <translation type="vanished">请将卡片交给申请人，核对姓名与照片后确认发放。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="296"/>
        <source>持卡人密码：已设置</source>
        <translation>持卡人密码：已设置</translation>
    </message>
    <message>
        <source>发放前请持卡人设置自己的密码：将卡片插入写卡器，请持卡人在面向其的密码键盘上输入新密码两次 (F7)。</source>
        <translation type="vanished">发放前请持卡人设置自己的密码：将卡片插入写卡器，请持卡人在面向其的密码键盘上输入新密码两次 (F7)。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="299"/>
        <source>持卡人密码：未设置（卡片仍为初始密码，不能发放）</source>
        <translation>持卡人密码：未设置（卡片仍为初始密码，不能发放）</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="39"/>
        <source>查询</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="42"/>
        <source>日期</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="46"/>
        <source>受理时间</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="46"/>
        <source>业务号</source>
        <translation>业务号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="46"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="47"/>
        <source>证件号码</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="47"/>
        <source>申请类型</source>
        <translation>申请类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="47"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="48"/>
        <source>卡号</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="50"/>
        <source>打印时间</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="50"/>
        <source>材料</source>
        <translation>材料</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="50"/>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="103"/>
        <source>补打</source>
        <translation>补打</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="51"/>
        <source>打印机</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="51"/>
        <source>经办人</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="52"/>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="112"/>
        <source>打印申请表</source>
        <translation>打印申请表</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="54"/>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="114"/>
        <source>打印领卡回执</source>
        <translation>打印领卡回执</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="68"/>
        <source>已打印的材料</source>
        <translation>已打印的材料</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="101"/>
        <source>申请表</source>
        <translation>申请表</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="101"/>
        <source>领卡回执</source>
        <translation>领卡回执</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="112"/>
        <source>补打申请表</source>
        <translation>补打申请表</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="113"/>
        <source>补打领卡回执</source>
        <translation>补打领卡回执</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="119"/>
        <source>请先选择一笔业务。</source>
        <translation>请先选择一笔业务。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="123"/>
        <source>正在打印…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="129"/>
        <source>打印失败：%1</source>
        <translation>打印失败：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/history_page.py" line="131"/>
        <source>已送打印：%1</source>
        <translation>已送打印：%1</translation>
    </message>
</context>
<context>
    <name>IssuanceFlowWidget</name>
    <message>
        <source>1 申请人</source>
        <translation type="vanished">1 申请人</translation>
    </message>
    <message>
        <source>2 照片</source>
        <translation type="vanished">2 照片</translation>
    </message>
    <message>
        <source>3 核对</source>
        <translation type="vanished">3 核对</translation>
    </message>
    <message>
        <source>4 写卡</source>
        <translation type="vanished">4 写卡</translation>
    </message>
    <message>
        <source>5 打印</source>
        <translation type="vanished">5 打印</translation>
    </message>
    <message>
        <source>6 发放</source>
        <translation type="vanished">6 发放</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="123"/>
        <source>取消制卡… (F12)</source>
        <translation>取消制卡… (F12)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="126"/>
        <source>返回首页 (Esc)</source>
        <translation>返回首页 (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="128"/>
        <source>下一步 (Ctrl+Enter)</source>
        <translation>下一步 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>上次写卡被中断：请插入同一张卡，将先回读再继续。</source>
        <translation type="vanished">上次写卡被中断：请插入同一张卡，将先回读再继续。</translation>
    </message>
    <message>
        <source>写卡失败。请选择：重试、换一张卡，或将此卡登记为废卡。</source>
        <translation type="vanished">写卡失败。请选择：重试、换一张卡，或将此卡登记为废卡。</translation>
    </message>
    <message>
        <source>请插入一张空白卡。</source>
        <translation type="vanished">请插入一张空白卡。</translation>
    </message>
    <message>
        <source>芯片已写好并核验。请将卡放入打印机打印卡面。</source>
        <translation type="vanished">芯片已写好并核验。请将卡放入打印机打印卡面。</translation>
    </message>
    <message>
        <source>打印失败。排除故障后重新打印（芯片不会重写），或登记废卡。</source>
        <translation type="vanished">打印失败。排除故障后重新打印（芯片不会重写），或登记废卡。</translation>
    </message>
    <message>
        <source>打印结果不确定，请查看打印机。</source>
        <translation type="vanished">打印结果不确定，请查看打印机。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="341"/>
        <source>姓名：%1&#x3000;卡号：%2</source>
        <translation>姓名：%1&#x3000;卡号：%2</translation>
    </message>
    <message>
        <source>卡片已发放，制卡完成。</source>
        <translation type="vanished">卡片已发放，制卡完成。</translation>
    </message>
    <message>
        <source>此卡已登记为废卡。</source>
        <translation type="vanished">此卡已登记为废卡。</translation>
    </message>
    <message>
        <source>本次制卡已取消。</source>
        <translation type="vanished">本次制卡已取消。</translation>
    </message>
    <message>
        <source>请插入一张空白卡。插入后自动开始写卡。</source>
        <translation type="vanished">请插入一张空白卡。插入后自动开始写卡。</translation>
    </message>
    <message>
        <source>请取出写卡器中的卡，再插入另一张空白卡。</source>
        <translation type="vanished">请取出写卡器中的卡，再插入另一张空白卡。</translation>
    </message>
    <message>
        <source>正在写卡，请勿取卡…</source>
        <translation type="vanished">正在写卡，请勿取卡…</translation>
    </message>
    <message>
        <source>正在打印卡面…</source>
        <translation type="vanished">正在打印卡面…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="102"/>
        <source>申请人</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="102"/>
        <source>照片</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="103"/>
        <source>核对</source>
        <translation>核对</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="103"/>
        <source>缴费</source>
        <translation>缴费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="103"/>
        <source>写卡</source>
        <translation>写卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="104"/>
        <source>打印</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="104"/>
        <source>发放</source>
        <translation>发放</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="367"/>
        <source>正在打印…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="492"/>
        <source>请持卡人在读卡器的密码键盘上输入新密码，再输入一次确认。</source>
        <translation>请持卡人在读卡器的密码键盘上输入新密码，再输入一次确认。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="495"/>
        <source>设置持卡人密码</source>
        <translation>设置持卡人密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="499"/>
        <source>请持卡人在密码键盘上输入新密码两次。</source>
        <translation>请持卡人在密码键盘上输入新密码两次。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="504"/>
        <source>正在设置持卡人密码，请勿取卡…</source>
        <translation>正在设置持卡人密码，请勿取卡…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="525"/>
        <source>登记废卡</source>
        <translation>登记废卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="525"/>
        <source>取消制卡</source>
        <translation>取消制卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="525"/>
        <source>退费</source>
        <translation>退费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/flow_widget.py" line="550"/>
        <source>正在核验身份证…</source>
        <translation>正在核验身份证…</translation>
    </message>
    <message>
        <source>内部错误：%1（详情见日志）</source>
        <translation type="vanished">内部错误：%1（详情见日志）</translation>
    </message>
</context>
<context>
    <name>Light</name>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="24"/>
        <source>正常</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="24"/>
        <source>注意</source>
        <translation>注意</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="25"/>
        <source>故障</source>
        <translation>故障</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="25"/>
        <source>未启用</source>
        <translation>未启用</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="47"/>
        <source>%1：%2
%3</source>
        <translation>%1：%2
%3</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="108"/>
        <source>会话已锁定</source>
        <translation>会话已锁定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="111"/>
        <source>会话已锁定。请 %1 输入密码解锁，或退出登录。</source>
        <translation>会话已锁定。请 %1 输入密码解锁，或退出登录。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="120"/>
        <source>解锁(&amp;U)</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="121"/>
        <source>退出登录(&amp;O)</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="36"/>
        <source>社会保障卡即时制卡 — 登录</source>
        <translation>社会保障卡即时制卡 — 登录</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="37"/>
        <source>社会保障卡即时制卡柜台</source>
        <translation>社会保障卡即时制卡柜台</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="48"/>
        <source>登录(&amp;L)</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="55"/>
        <source>用户名(&amp;U)</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="56"/>
        <source>密码(&amp;P)</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="82"/>
        <source>请输入用户名和密码。</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/login.py" line="85"/>
        <source>正在登录…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="232"/>
        <source>本柜台尚未在中心台账登记，无法同步</source>
        <translation>本柜台尚未在中心台账登记，无法同步</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="84"/>
        <source>社会保障卡即时制卡</source>
        <translation>社会保障卡即时制卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="92"/>
        <source>操作员：%1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="119"/>
        <source>主管</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="119"/>
        <source>技术员</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/main_window.py" line="291"/>
        <source>正在写卡，请等待完成后再关闭。</source>
        <translation>正在写卡，请等待完成后再关闭。</translation>
    </message>
</context>
<context>
    <name>OnlineSection</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="49"/>
        <source>线上申请（今日领取）</source>
        <translation>线上申请（今日领取）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="53"/>
        <source>扫描申请二维码，或输入申请编号（WA…）、身份证号后按回车</source>
        <translation>扫描申请二维码，或输入申请编号（WA…）、身份证号后按回车</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="56"/>
        <source>查找</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="60"/>
        <source>申请编号</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="60"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="60"/>
        <source>证件号码</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="60"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="101"/>
        <source>今日 %1 件，待办 %2 件</source>
        <translation>今日 %1 件，待办 %2 件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="103"/>
        <source>（中心台账暂不可达，显示本机保存的名单：%1）</source>
        <translation>（中心台账暂不可达，显示本机保存的名单：%1）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="133"/>
        <source>正在查找线上申请…</source>
        <translation>正在查找线上申请…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/online_section.py" line="139"/>
        <source>已打开线上申请 %1</source>
        <translation>已打开线上申请 %1</translation>
    </message>
</context>
<context>
    <name>PhotoPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="119"/>
        <source>拍照 (F3) 或从文件导入 (F4)；照片合格后“采用此照片” (F8)；有未测量的项目时先目视检查并“确认人工裁剪” (F5)</source>
        <translation>拍照 (F3) 或从文件导入 (F4)；照片合格后“采用此照片” (F8)；有未测量的项目时先目视检查并“确认人工裁剪” (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="129"/>
        <source>无需照片（低龄儿童） (F6)</source>
        <translation>无需照片（低龄儿童） (F6)</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="62"/>
        <source>输入密码</source>
        <translation>输入密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="93"/>
        <source>清除</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="94"/>
        <source>退格</source>
        <translation>退格</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="95"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="96"/>
        <source>确定</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="221"/>
        <source>两次输入的新密码不一致，请重新输入新密码。</source>
        <translation>两次输入的新密码不一致，请重新输入新密码。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="258"/>
        <source>请输入卡片当前密码</source>
        <translation>请输入卡片当前密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="259"/>
        <source>请输入新密码（%1 位数字）</source>
        <translation>请输入新密码（%1 位数字）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="260"/>
        <source>请再次输入新密码</source>
        <translation>请再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="271"/>
        <source>密码可用，请按“确定”。</source>
        <translation>密码可用，请按“确定”。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="273"/>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="275"/>
        <source>已输入 %1 位，共 %2 位</source>
        <translation>已输入 %1 位，共 %2 位</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pin_pad.py" line="277"/>
        <source>已输入 %1 位</source>
        <translation>已输入 %1 位</translation>
    </message>
</context>
<context>
    <name>PlaceholderHome</name>
    <message>
        <location filename="../../src/counter_app/ui/placeholder.py" line="13"/>
        <source>%1工作台将在后续版本提供。目前可使用命令行：counter-app --help</source>
        <translation>%1工作台将在后续版本提供。目前可使用命令行：counter-app --help</translation>
    </message>
</context>
<context>
    <name>PostalBatchPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="60"/>
        <source>邮寄制卡批次</source>
        <translation>邮寄制卡批次</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="66"/>
        <source>开始制卡 (F5)</source>
        <translation>开始制卡 (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="67"/>
        <source>停止 (F6)</source>
        <translation>停止 (F6)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="68"/>
        <source>打印清单和标签 (F4)</source>
        <translation>打印清单和标签 (F4)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="76"/>
        <source>本批张数</source>
        <translation>本批张数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="84"/>
        <source>申请编号</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="84"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="84"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="84"/>
        <source>卡号</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="85"/>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="99"/>
        <source>邮件号</source>
        <translation>邮件号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="85"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="93"/>
        <source>扫描或输入邮件号（10至20位字母或数字）</source>
        <translation>扫描或输入邮件号（10至20位字母或数字）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="96"/>
        <source>标记已寄出 (Enter)</source>
        <translation>标记已寄出 (Enter)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="106"/>
        <source>返回首页 (Esc)</source>
        <translation>返回首页 (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="127"/>
        <source>等待</source>
        <translation>等待</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="128"/>
        <source>写卡中</source>
        <translation>写卡中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="129"/>
        <source>打印中</source>
        <translation>打印中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="130"/>
        <source>已作废→换卡重做</source>
        <translation>已作废→换卡重做</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="131"/>
        <source>已完成</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="132"/>
        <source>留待下批</source>
        <translation>留待下批</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="133"/>
        <source>转入下批</source>
        <translation>转入下批</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="134"/>
        <source>已寄出</source>
        <translation>已寄出</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="139"/>
        <source>制卡中</source>
        <translation>制卡中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="140"/>
        <source>制卡完成，待打印清单</source>
        <translation>制卡完成，待打印清单</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="141"/>
        <source>清单和标签已打印，待登记邮件号</source>
        <translation>清单和标签已打印，待登记邮件号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="142"/>
        <source>已全部寄出</source>
        <translation>已全部寄出</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="161"/>
        <source>尚无邮寄批次。</source>
        <translation>尚无邮寄批次。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="164"/>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="250"/>
        <source>批次 %1：%2</source>
        <translation>批次 %1：%2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="242"/>
        <source>正在制卡，请勿取出卡盒中的空白卡……</source>
        <translation>正在制卡，请勿取出卡盒中的空白卡……</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="259"/>
        <source>将在当前卡片完成后停止。</source>
        <translation>将在当前卡片完成后停止。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="266"/>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="289"/>
        <source>清单或标签打印失败：请检查打印机后点击“打印清单和标签”。</source>
        <translation>清单或标签打印失败：请检查打印机后点击“打印清单和标签”。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="269"/>
        <source>制卡完成：%1 张，清单和地址标签已打印。请逐张登记邮件号。</source>
        <translation>制卡完成：%1 张，清单和地址标签已打印。请逐张登记邮件号。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="272"/>
        <source>%1 个申请留待下一批。</source>
        <translation>%1 个申请留待下一批。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="276"/>
        <source>已停止。再次点击“开始制卡”继续本批次。</source>
        <translation>已停止。再次点击“开始制卡”继续本批次。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="286"/>
        <source>清单和地址标签已打印。</source>
        <translation>清单和地址标签已打印。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/postal_batch_page.py" line="305"/>
        <source>%1 已寄出（邮件号 %2）。卡片未启用，待持卡人激活。</source>
        <translation>%1 已寄出（邮件号 %2）。卡片未启用，待持卡人激活。</translation>
    </message>
</context>
<context>
    <name>RatingsPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="45"/>
        <source>刷新 (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="48"/>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="59"/>
        <source>日期</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="50"/>
        <source>至</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="57"/>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="60"/>
        <source>柜员</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="57"/>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="59"/>
        <source>评价数</source>
        <translation>评价数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="57"/>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="59"/>
        <source>平均</source>
        <translation>平均</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="58"/>
        <source>满意率</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="58"/>
        <source>差评业务号</source>
        <translation>差评业务号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="60"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="60"/>
        <source>业务号</source>
        <translation>业务号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="61"/>
        <source>评价</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="61"/>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="63"/>
        <source>按柜员</source>
        <translation>按柜员</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="63"/>
        <source>按日</source>
        <translation>按日</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="64"/>
        <source>最近的评价原因</source>
        <translation>最近的评价原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="82"/>
        <source>正在统计…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="95"/>
        <source>评价 %1 条，平均 %2，差评 %3 条</source>
        <translation>评价 %1 条，平均 %2，差评 %3 条</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/ratings_page.py" line="105"/>
        <source>所选日期没有评价。</source>
        <translation>所选日期没有评价。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="350"/>
        <source>请选择或输入原因</source>
        <translation>请选择或输入原因</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="359"/>
        <source>原因(&amp;R)</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="360"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>RepresentativeSection</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="58"/>
        <source>（请选择）</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="65"/>
        <source>代办事项：申领、领卡，或两者</source>
        <translation>代办事项：申领、领卡，或两者</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="69"/>
        <source>▣ 证件信息来自身份证</source>
        <translation>▣ 证件信息来自身份证</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="85"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="85"/>
        <source>证件类型</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="86"/>
        <source>证件号码</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="87"/>
        <source>关系</source>
        <translation>关系</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="87"/>
        <source>电话</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="100"/>
        <source>扫描件</source>
        <translation>扫描件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/representative_section.py" line="170"/>
        <source>请将其身份证放到阅读器上：下一张读到的身份证填入此处</source>
        <translation>请将其身份证放到阅读器上：下一张读到的身份证填入此处</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="154"/>
        <source>确认无误，去写卡 (F8)</source>
        <translation>确认无误，去写卡 (F8)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="158"/>
        <source>卡号在写卡时从本柜台号段中分配。请与申请人核对以下信息。</source>
        <translation>卡号在写卡时从本柜台号段中分配。请与申请人核对以下信息。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="172"/>
        <source>打印申请表 (F4)</source>
        <translation>打印申请表 (F4)</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="186"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="187"/>
        <source>证件</source>
        <translation>证件</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="188"/>
        <source>社会保障号码</source>
        <translation>社会保障号码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="189"/>
        <source>性别</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="190"/>
        <source>出生日期</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="191"/>
        <source>民族</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="192"/>
        <source>出生地</source>
        <translation>出生地</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="193"/>
        <source>国籍</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="194"/>
        <source>卡号</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/clerk/pages.py" line="194"/>
        <source>写卡时分配</source>
        <translation>写卡时分配</translation>
    </message>
</context>
<context>
    <name>StatusAge</name>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="59"/>
        <source>%1 秒</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="61"/>
        <source>%1 分钟</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/status.py" line="62"/>
        <source>%1 小时</source>
        <translation>%1 小时</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="50"/>
        <source>批次</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="50"/>
        <source>入库时间</source>
        <translation>入库时间</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="50"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="75"/>
        <source>数量</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="51"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="76"/>
        <source>起始卡识别码</source>
        <translation>起始卡识别码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="51"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="77"/>
        <source>结束卡识别码</source>
        <translation>结束卡识别码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="51"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="80"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="52"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="110"/>
        <source>入库</source>
        <translation>入库</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="67"/>
        <source>卡管系统下发的批次号</source>
        <translation>卡管系统下发的批次号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="70"/>
        <source>登记入库</source>
        <translation>登记入库</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="73"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="110"/>
        <source>合作银行</source>
        <translation>合作银行</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="74"/>
        <source>批次号</source>
        <translation>批次号</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="78"/>
        <source>芯片类型</source>
        <translation>芯片类型</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="79"/>
        <source>卡厂</source>
        <translation>卡厂</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="82"/>
        <source>日结</source>
        <translation>日结</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="90"/>
        <source> 元</source>
        <translation> 元</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="91"/>
        <source>核对收费</source>
        <translation>核对收费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="94"/>
        <source>日结并签名</source>
        <translation>日结并签名</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="98"/>
        <source>实点空白卡</source>
        <translation>实点空白卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="99"/>
        <source>实点现金</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="102"/>
        <source>当日收费</source>
        <translation>当日收费</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="106"/>
        <source>项目</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="106"/>
        <source>笔数</source>
        <translation>笔数</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="106"/>
        <source>金额（元）</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="110"/>
        <source>已用</source>
        <translation>已用</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="110"/>
        <source>作废</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="111"/>
        <source>账面结存</source>
        <translation>账面结存</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="111"/>
        <source>当日发卡</source>
        <translation>当日发卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="111"/>
        <source>当日废卡</source>
        <translation>当日废卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="112"/>
        <source>制作中</source>
        <translation>制作中</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="112"/>
        <source>实点</source>
        <translation>实点</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="112"/>
        <source>差额</source>
        <translation>差额</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="122"/>
        <source>按合作银行</source>
        <translation>按合作银行</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="157"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="159"/>
        <source>扫码</source>
        <translation>扫码</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="157"/>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="159"/>
        <source>现金</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="158"/>
        <source>减免 %1</source>
        <translation>减免 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="159"/>
        <source>退费 %1</source>
        <translation>退费 %1</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="161"/>
        <source>结转</source>
        <translation>结转</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="162"/>
        <source>现金应有</source>
        <translation>现金应有</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="163"/>
        <source>扫码平台已付</source>
        <translation>扫码平台已付</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="170"/>
        <source>收费与库存核对相符。</source>
        <translation>收费与库存核对相符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="195"/>
        <source>入库 %1，已用 %2，作废 %3，账面结存 %4</source>
        <translation>入库 %1，已用 %2，作废 %3，账面结存 %4</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="198"/>
        <source>库存不足：低于预警线 %1 张</source>
        <translation>库存不足：低于预警线 %1 张</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="210"/>
        <source>已入库第 %1 批：%2 张</source>
        <translation>已入库第 %1 批：%2 张</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="219"/>
        <source>%1 已日结，库存相符。</source>
        <translation>%1 已日结，库存相符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="221"/>
        <source>%1 已日结。库存不符：实点 %2，账面 %3，差 %4。</source>
        <translation>%1 已日结。库存不符：实点 %2，账面 %3，差 %4。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="229"/>
        <source>收费不符。</source>
        <translation>收费不符。</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/stock_page.py" line="229"/>
        <source>收费相符。</source>
        <translation>收费相符。</translation>
    </message>
</context>
<context>
    <name>SupervisorHome</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="33"/>
        <source>当日概况</source>
        <translation>当日概况</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="34"/>
        <source>本厅</source>
        <translation>本厅</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="35"/>
        <source>年度进度</source>
        <translation>年度进度</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="36"/>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="59"/>
        <source>例外审批</source>
        <translation>例外审批</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="37"/>
        <source>卡片库存与日结</source>
        <translation>卡片库存与日结</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="38"/>
        <source>服务评价</source>
        <translation>服务评价</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/home.py" line="39"/>
        <source>业务查询</source>
        <translation>业务查询</translation>
    </message>
</context>
<context>
    <name>TechnicianHome</name>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="300"/>
        <source>技术员工作台：设备诊断</source>
        <translation>技术员工作台：设备诊断</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="306"/>
        <source>检查</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="307"/>
        <source>APDU 控制台</source>
        <translation>APDU 控制台</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/technician/home.py" line="308"/>
        <source>相机预览</source>
        <translation>相机预览</translation>
    </message>
</context>
<context>
    <name>TypeBreakdownChart</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/charts.py" line="81"/>
        <source>按申请类型</source>
        <translation>按申请类型</translation>
    </message>
</context>
<context>
    <name>YearPage</name>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="35"/>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="59"/>
        <source>三代卡新发</source>
        <translation>三代卡新发</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="36"/>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="59"/>
        <source>全部发卡</source>
        <translation>全部发卡</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="48"/>
        <source>%1 年，截至 %2</source>
        <translation>%1 年，截至 %2</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="53"/>
        <source>百年内不能</source>
        <translation>百年内不能</translation>
    </message>
    <message>
        <location filename="../../src/counter_app/ui/supervisor/year_page.py" line="54"/>
        <source>日均 %1 张，年末预计 %2 张，按此速度 %3 达标</source>
        <translation>日均 %1 张，年末预计 %2 张，按此速度 %3 达标</translation>
    </message>
</context>
</TS>
