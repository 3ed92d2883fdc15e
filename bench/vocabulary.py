"""Words and sentence templates the synthetic site is written from (data only, no logic).

Every string here is free of ASCII punctuation that YAML flow collections care about, of
digits, and of address words (号楼, 单元, 室 after a number), so generated text never looks
like personal data to the privacy checker. Slots in templates are filled by synthetic.py:
{n} a name, {ta} 他/她, {dist} district, {street} street or town, {org} an organization,
{yr} {mo} {day} a date, {years} {age} {hours} {num} {big} numbers, {cn} a Chinese numeral.
"""

from __future__ import annotations


def _pairs(spec: str) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(item.split(":")) for item in spec.split())  # type: ignore[misc]


SURNAMES = _pairs(
    "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 赵:zhao 黄:huang 周:zhou 吴:wu 徐:xu 孙:sun "
    "马:ma 朱:zhu 胡:hu 郭:guo 何:he 高:gao 林:lin 郑:zheng 梁:liang 宋:song 韩:han 唐:tang "
    "冯:feng 于:yu 董:dong 程:cheng 曹:cao 袁:yuan 邓:deng 傅:fu 沈:shen 曾:zeng 彭:peng "
    "吕:lv 苏:su 卢:lu 蒋:jiang 蔡:cai 贾:jia 丁:ding 魏:wei 薛:xue 叶:ye 潘:pan 杜:du 戴:dai "
    "夏:xia 钟:zhong 田:tian 任:ren 姜:jiang 范:fan 方:fang 石:shi 姚:yao 谭:tan 邹:zou 金:jin "
    "郝:hao 孔:kong 白:bai 崔:cui 康:kang 毛:mao 邱:qiu 秦:qin 史:shi 顾:gu 侯:hou 邵:shao "
    "孟:meng 段:duan 雷:lei 钱:qian 尹:yin 常:chang 武:wu 乔:qiao 贺:he 龚:gong"
)
MALE_GIVEN = _pairs(
    "建:jian 国:guo 海:hai 涛:tao 明:ming 辉:hui 德:de 厚:hou 志:zhi 刚:gang 树:shu 林:lin "
    "东:dong 军:jun 平:ping 华:hua 伟:wei 强:qiang 磊:lei 洋:yang 勇:yong 杰:jie 超:chao 鹏:peng "
    "飞:fei 文:wen 斌:bin 宇:yu 浩:hao 凯:kai 峰:feng 成:cheng 荣:rong 新:xin 庆:qing 福:fu "
    "永:yong 振:zhen 立:li 学:xue 良:liang 世:shi 长:chang 保:bao 忠:zhong 连:lian 瑞:rui 博:bo 俊:jun"
)
FEMALE_GIVEN = _pairs(
    "秀:xiu 兰:lan 丽:li 萍:ping 玉:yu 梅:mei 淑:shu 芬:fen 桂:gui 英:ying 雨:yu 桐:tong "
    "晓:xiao 红:hong 芳:fang 敏:min 静:jing 艳:yan 娟:juan 霞:xia 春:chun 燕:yan 婷:ting 琳:lin "
    "玲:ling 凤:feng 云:yun 金:jin 爱:ai 莲:lian 娜:na 欣:xin 悦:yue 佳:jia 怡:yi 涵:han 慧:hui 洁:jie"
)
STREETS = (
    "兴安街道 新华街道 北关街道 东关街道 城关街道 开元街道 朝阳街道 清池街道 虞河街道 广文街道 "
    "双杨街道 九龙街道 凤凰街道 密州街道 圣水街道 洛城街道 五图街道 营丘镇 红河镇 柳山镇 寺头镇 "
    "王坟镇 景芝镇 夏庄镇 柴沟镇 卜庄镇 饮马镇 石埠镇"
).split()
COMMUNITIES = (
    "胜利社区 幸福社区 和平社区 向阳社区 东风社区 振兴社区 金桥社区 杨家庄村 前营村 后河村 "
    "大官庄村 小王庄村 刘家村 西屯村 南苑村 北埠村"
).split()
CHINESE_NUMERALS = "两 三 四 五 六 七 八 九".split()

CATEGORY_HEADLINES = {
    "助人为乐": ("十年如一日照料孤寡老人", "自费为村民修路架桥", "免费接送考生二十年", "坚持为环卫工人送早餐",
               "义务为老人理发十余年", "开爱心小饭桌温暖留守老人", "常年资助困难学生完成学业"),
    "见义勇为": ("跳入冰冷河水勇救落水儿童", "徒手制服持刀歹徒", "冲进火场救出被困老人", "勇拦受惊马车保护群众",
               "深夜救起轻生女子", "合力抬车救出被压行人"),
    "诚实守信": ("替子还债十余年不言弃", "拾金不昧归还巨款", "诚信经营三十年从不缺斤短两", "替亡夫还清欠款",
               "捡到重要证件苦等失主"),
    "敬业奉献": ("扎根乡村行医三十年", "坚守深山护林二十载", "社区网格员疫情期间坚守一线", "带领村民脱贫致富",
               "乡村教师坚守讲台三十年"),
    "孝老爱亲": ("悉心照料瘫痪婆婆二十年", "一家三代接力照顾失能老人", "辞职回乡照顾患病父亲",
               "照顾患病丈夫和年迈公婆", "十余年如一日侍奉养母"),
    "志愿服务": ("累计志愿服务千余小时", "组织近百人参加无偿献血", "疫情期间坚守社区卡口", "十年坚持学雷锋",
               "为留守儿童义务辅导功课", "年过六旬的红马甲"),
}
ORGANIZATION_HEADLINES = (
    "常年开展助老助残志愿服务", "组织志愿者参与疫情防控", "发起义剪活动服务一线人员", "开展河道清洁生态环保行动",
    "带动青少年参与志愿服务", "坚持文明交通劝导十余年",
)
ORGANIZATION_NAMES = (
    ("夕阳红志愿服务队", "xiyanghong"), ("红马甲志愿服务队", "hongmajia"), ("青年志愿服务队", "qingnian"),
    ("爱心义工服务中心", "aixin-yigong"), ("蓝豹救援队", "lanbao"), ("春雨社区义工公益服务中心", "chunyu"),
    ("同心志愿者协会", "tongxin"), ("巾帼志愿服务队", "jinguo"), ("文明交通志愿服务队", "jiaotong"),
)
GROUP_KINDS = (("家庭", "jiating"), ("救人群体", "jiuren"), ("志愿者夫妻", "fuqi"))
NEWS_SLUGS = ("xueleifeng", "zhiyuan-fuwu", "haoren-bang", "wenming-jiaotong", "guanai-laoren", "linli-jie",
              "huanbao-xingdong", "biaozhang-zuotan")
SOURCES = ("潍坊日报", "潍坊晚报", "潍坊文明网", "大众日报", "齐鲁晚报")
TAGS = ("志愿服务", "学雷锋", "疫情防控", "好人好事", "孝老爱亲", "见义勇为", "诚实守信", "敬业奉献",
        "助人为乐", "无偿献血", "文明交通", "乡村振兴", "最美家庭", "关爱老人", "爱心助学")

# (id, title, description)
TOPICS = (
    ("shenbian-haoren", "身边好人", "他们是邻居、同事、街坊，是出租车司机、乡村医生和社区网格员。"),
    ("kangyi-wenming-gushi", "抗疫中的文明故事", "疫情发生以来，志愿者和身边好人挺身而出，巡逻值守、义务献血。"),
    ("xueleifeng", "学雷锋在行动", "学雷锋志愿服务常态化，好人好事天天有。"),
    ("zhiyuan-fuwu", "志愿服务风采", "志愿者和志愿服务组织的日常服务与成长故事。"),
    ("xiaolao-aiqin", "孝老爱亲", "照料老人、病人的平凡家庭和他们的坚守。"),
    ("jianyi-yongwei", "见义勇为", "危急关头挺身而出的普通人。"),
    ("chengxin-shouxin", "诚实守信", "一诺千金，替亲还债，拾金不昧。"),
    ("jingye-fengxian", "敬业奉献", "在平凡岗位上默默奉献的人们。"),
    ("zhuren-weile", "助人为乐", "帮助别人，快乐自己。"),
    ("zuimei-jiating", "最美家庭", "尊老爱幼、邻里互助、家风淳朴的家庭。"),
    ("xiangcun-zhenxing", "乡村振兴中的好人", "扎根乡村、带领乡亲致富的带头人。"),
    ("shequ-zhiyuanzhe", "社区志愿者", "社区里的红马甲和他们的服务。"),
    ("qingshaonian-zhiyuan", "青少年志愿服务", "少年志愿者在服务中成长。"),
    ("wuchang-xianxue", "无偿献血", "挽起袖子，传递生命的温度。"),
    ("wenming-jiaotong", "文明交通", "路口的劝导员和文明出行的倡导者。"),
    ("huanbao-zhiyuan", "生态环保志愿行动", "守护河道、植树护绿的志愿者。"),
    ("guanai-laoren", "关爱老人", "为独居、空巢老人送去陪伴与照料。"),
    ("aixin-zhuxue", "爱心助学", "资助困难学生、辅导留守儿童的爱心人士。"),
    ("minsheng-fuwu", "民生服务", "把服务送到群众家门口。"),
    ("haoren-bang", "好人榜解读", "每月、每季度和每年的好人榜背后的故事。"),
)

# (id, title, organizer, [(award, count, kind)], nomination start, nomination end, notice start, notice end, results)
CAMPAIGNS = (
    ("niandu-haoren-2019", "二〇一九年度潍坊好人评选", "潍坊市文明办",
     (("年度潍坊好人", 30, "person"), ("年度好人群体", 5, "group")),
     "2019-10-08", "2019-11-10", "2019-12-02", "2019-12-08", "2019-12-20"),
    ("zuimei-jiating-2019", "最美家庭和孝老爱亲之星推选", "潍坊市文明办",
     (("最美家庭", 20, "group"), ("孝老爱亲之星", 40, "person")),
     "2019-05-06", "2019-06-15", "2019-07-01", "2019-07-07", "2019-07-20"),
    ("kangyi-zuimei-2020", "抗击疫情最美志愿者和最佳志愿服务组织评选", "潍坊市文明办",
     (("最美志愿者", 200, "person"), ("最佳志愿服务组织", 50, "organization")),
     "2020-03-20", "2020-04-20", "2020-05-06", "2020-05-12", "2020-05-20"),
    ("jianyi-yongwei-2021", "见义勇为先进个人和群体评选", "潍坊市见义勇为基金会",
     (("见义勇为先进个人", 20, "person"), ("见义勇为先进群体", 10, "group")),
     "2021-04-01", "2021-05-10", "2021-06-01", "2021-06-07", "2021-06-18"),
    ("xueleifeng-2021", "学雷锋志愿服务先进典型推选", "潍坊市文明办",
     (("最美志愿者", 100, "person"), ("最佳志愿服务组织", 30, "organization")),
     "2021-01-10", "2021-02-20", "2021-03-01", "2021-03-05", "2021-03-05"),
)

# What each level's plain honors are called and how often they are given (M: month, Q: quarter, Y: year).
HONORS_BY_LEVEL = {
    "county": (("{dist}好人", "Y"), ("{dist}优秀志愿者", "Y")),
    "city": (("潍坊好人", "M"), ("潍坊市优秀志愿者", "Y")),
    "province": (("山东好人", "Q"), ("山东省优秀志愿者", "Y")),
    "national": (("中国好人", "M"),),
}

HEADINGS = (
    "一份坚守", "从一件小事说起", "温暖在传递", "平凡中的不平凡", "家人的支持", "群众的口碑", "疫情中的逆行",
    "把好事做到心坎上", "带出一支队伍", "初心不改", "记者手记", "一句承诺", "邻里之间", "说到就要做到",
)
NEWS_TITLES = (
    "{dist}开展学雷锋志愿服务月活动", "{dist}{street}举办邻里节活动", "{dist}发布第{cn}批身边好人名单",
    "{dist}志愿者走进敬老院送温暖", "{dist}启动文明交通劝导志愿服务", "{dist}组织开展河道清洁志愿行动",
    "{dist}召开好人表彰座谈会", "{dist}{street}开展关爱空巢老人活动",
)
LEADS = (
    "{yr}年{mo}月{day}日，{dist}{street}，{n}又一次出现在大家熟悉的地方。",
    "{yr}年{mo}月{day}日一早，{dist}{street}的志愿者们像往常一样来到服务点，开始了一天的忙碌。",
    "记者近日来到{dist}{street}，听到了许多关于{n}的故事。",
    "在{dist}{street}，提起{n}，几乎无人不知。",
)
SENTENCES = (
    "{n}今年{age}岁，是{dist}{street}远近闻名的热心人。",
    "“只要大家需要，我就一直干下去。”{n}说。",
    "{years}年来，{ta}累计志愿服务{hours}小时，帮助过的群众数不清。",
    "邻居们都说，有{ta}在，大家心里就踏实。",
    "每到周末，{ta}都会带上工具，到社区里义务为老人修理家电。",
    "疫情发生后，{ta}第一时间报名参加社区值守，在卡口一站就是一整天。",
    "{org}的队员们分成{num}个小组，轮流为独居老人送菜送药。",
    "冬天的清晨气温很低，{ta}把热水装进保温壶，挨家挨户给值守人员送去。",
    "谈起这些年的坚持，{n}总是笑着摆摆手，说这都是应该做的。",
    "在{ta}的带动下，家人和朋友也陆续加入了志愿服务队伍。",
    "去年{mo}月，{ta}听说村里一户人家生活困难，便主动上门了解情况。",
    "这件事在当地传开后，很多人专程赶来向{ta}表示感谢。",
    "社区党支部书记介绍，像{n}这样默默奉献的居民还有很多。",
    "为了让老人们吃上可口的饭菜，{ta}专门学着做软烂好消化的菜。",
    "{ta}把每一次帮助都记在一个小本子上，如今已经写满了{cn}本。",
    "河水冰冷刺骨，{ta}没有丝毫犹豫，纵身跳入水中。",
    "经过十几分钟的努力，落水者被成功救上岸，{ta}却累得瘫坐在地上。",
    "事后，{ta}悄悄离开了现场，直到被救者的家属多方打听才找到{ta}。",
    "捡到钱包后，{ta}在原地等了两个多小时，终于等来了失主。",
    "失主要拿钱答谢，{ta}连连摆手，说换成谁都会这么做。",
    "家里的顶梁柱倒下后，{ta}一个人扛起了照顾老人的重担，一照顾就是{years}年。",
    "老人卧床多年，身上从来没有生过褥疮，邻居们都说这是{ta}细心照料的结果。",
    "作为一名乡村医生，{ta}常年背着药箱走村入户，为行动不便的老人上门看病。",
    "在平凡的岗位上，{ta}兢兢业业，一干就是{years}年。",
    "{ta}常说，干一行就要爱一行、钻一行。",
    "这些年，{ta}先后获得过多项荣誉，但{ta}最看重的还是群众的认可。",
    "志愿服务没有终点，{ta}还打算带着更多年轻人一起干。",
    "{org}成立于{yr}年，现有注册志愿者{cn}百余人。",
    "服务队定期开展助老助残、环境整治、文明交通劝导等志愿服务活动。",
    "每逢节假日，队员们还会到敬老院陪老人聊天、包饺子。",
    "文明交通劝导岗上，志愿者们手持小旗，提醒过往行人遵守交通规则。",
    "在市文明办的指导下，各县市区志愿服务组织的服务更加规范。",
    "志愿服务时长通过信息系统统一记录，星级由服务时长自动认定。",
    "记者在采访中了解到，这样的暖心故事每天都在我市城乡发生。",
    "好人好事传递的是温暖，凝聚的是力量。",
    "下一步，{dist}将继续深入开展身边好人推选活动，让好人精神在全社会蔚然成风。",
    "一件件小事，汇聚成了这座城市最温暖的底色。",
    "{ta}的通讯录里存着{num}位独居老人的联系方式，谁家有事叫一声就到。",
    "“能帮一把是一把。”这是{n}常挂在嘴边的一句话。",
    "据统计，活动开展以来，全区共有{big}名志愿者参与，服务群众{big}人次。",
    "天还没亮，{ta}就已经骑着电动车出了门。",
    "有人问{ta}图个啥，{ta}说，看到别人的难处，心里就放不下。",
    "那一年，{ta}刚满{age}岁，却已经是村里公认的主心骨。",
    "{ta}的家并不宽裕，可每次遇到需要帮助的人，{ta}从不吝啬。",
    "说起母亲，{ta}的眼圈红了，这些年最大的心愿就是老人身体健康。",
    "如今，{org}已经成为{dist}一支叫得响的志愿服务队伍。",
)
