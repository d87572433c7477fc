//! The generated shop's raw material: goods with specs and prices, places with towns and streets,
//! surnames, memos and notes. Plain tables, so the generator stays about rules, not words.

/// One product: name, spec label, spec values, price range in fen, a goods id stem, and its kind.
pub struct Goods {
    pub name: &'static str,
    pub spec_label: &'static str,
    pub specs: &'static [&'static str],
    pub price_fen: (i64, i64),
    pub code: &'static str,
    /// The top-level category (`cat_id_1` of the detail): one per kind of goods.
    pub cat_id: i64,
}

// Top-level categories. Seed 003's A4 paper is 16901; the others are ours, one per kind.
const DAILY: i64 = 15_000;
const DIGITAL: i64 = 15_100;
const CLOTHES: i64 = 15_200;
const FOOD: i64 = 15_300;
const HOME: i64 = 15_400;
const BABY: i64 = 15_500;
const BEAUTY: i64 = 15_600;
const FRUIT: i64 = 15_700;
const PET: i64 = 15_800;
const OFFICE: i64 = 16_901;

pub const GOODS: &[Goods] = &[
    Goods {
        name: "清风抽纸原木纯品3层120抽24包整箱",
        spec_label: "规格",
        specs: &["24包", "12包", "6包"],
        price_fen: (1990, 4590),
        code: "ZJ",
        cat_id: DAILY,
    },
    Goods {
        name: "蓝月亮洗衣液深层洁净薰衣草香",
        spec_label: "规格",
        specs: &["2kg", "3kg", "1kg+500g"],
        price_fen: (2990, 5990),
        code: "XYY",
        cat_id: DAILY,
    },
    Goods {
        name: "适用苹果15手机壳透明防摔硅胶软壳",
        spec_label: "颜色",
        specs: &["透明", "黑色", "雾紫"],
        price_fen: (590, 1990),
        code: "SJK",
        cat_id: DIGITAL,
    },
    Goods {
        name: "Type-C快充数据线6A超级快充",
        spec_label: "规格",
        specs: &["1米", "1.5米", "2米"],
        price_fen: (390, 1590),
        code: "SJX",
        cat_id: DIGITAL,
    },
    Goods {
        name: "316不锈钢保温杯大容量男女学生水杯",
        spec_label: "颜色",
        specs: &["奶白", "雾蓝", "樱花粉"],
        price_fen: (2590, 6990),
        code: "BWB",
        cat_id: HOME,
    },
    Goods {
        name: "纯棉中筒袜男女四季款10双装",
        spec_label: "颜色",
        specs: &["黑色", "白色", "混色"],
        price_fen: (990, 2490),
        code: "WZ",
        cat_id: CLOTHES,
    },
    Goods {
        name: "每日坚果混合果仁零食大礼包",
        spec_label: "规格",
        specs: &["15包", "30包"],
        price_fen: (2990, 7990),
        code: "LS",
        cat_id: FOOD,
    },
    Goods {
        name: "辣条麻辣零食大礼包儿时怀旧",
        spec_label: "规格",
        specs: &["500g", "1000g"],
        price_fen: (990, 2990),
        code: "LT",
        cat_id: FOOD,
    },
    Goods {
        name: "加厚垃圾袋家用手提式100只",
        spec_label: "尺码",
        specs: &["45*50", "50*60", "60*80"],
        price_fen: (690, 1690),
        code: "LJD",
        cat_id: DAILY,
    },
    Goods {
        name: "冰丝短袖T恤男夏季宽松",
        spec_label: "尺码",
        specs: &["M", "L", "XL", "2XL"],
        price_fen: (1990, 4990),
        code: "TX",
        cat_id: CLOTHES,
    },
    Goods {
        name: "儿童牙刷软毛3-12岁",
        spec_label: "规格",
        specs: &["4支装", "8支装"],
        price_fen: (890, 1990),
        code: "YS",
        cat_id: BABY,
    },
    Goods {
        name: "厨房湿巾去油污一次性抹布",
        spec_label: "规格",
        specs: &["80抽*3包", "80抽*6包"],
        price_fen: (990, 2190),
        code: "SJ",
        cat_id: DAILY,
    },
    Goods {
        name: "洗脸巾一次性纯棉加厚",
        spec_label: "规格",
        specs: &["100抽", "3卷"],
        price_fen: (1290, 2990),
        code: "XLJ",
        cat_id: BEAUTY,
    },
    Goods {
        name: "懒人沙发豆袋单人卧室",
        spec_label: "颜色",
        specs: &["灰色", "米白"],
        price_fen: (5990, 12990),
        code: "SF",
        cat_id: HOME,
    },
    Goods {
        name: "婴儿纸尿裤拉拉裤超薄透气男女宝宝通用",
        spec_label: "尺码",
        specs: &["M码50片", "L码44片", "XL码38片"],
        price_fen: (4990, 8990),
        code: "NK",
        cat_id: BABY,
    },
    Goods {
        name: "玻尿酸补水保湿面膜女20片装",
        spec_label: "规格",
        specs: &["20片", "40片"],
        price_fen: (1990, 3990),
        code: "MM",
        cat_id: BEAUTY,
    },
    Goods {
        name: "无线蓝牙耳机半入耳式降噪超长续航",
        spec_label: "颜色",
        specs: &["白色", "黑色"],
        price_fen: (3990, 9990),
        code: "EJ",
        cat_id: DIGITAL,
    },
    Goods {
        name: "赣南脐橙新鲜当季水果整箱",
        spec_label: "规格",
        specs: &["5斤中果", "5斤大果", "10斤中果"],
        price_fen: (1990, 4590),
        code: "QC",
        cat_id: FRUIT,
    },
    Goods {
        name: "豆腐猫砂除臭无尘可冲厕所6L",
        spec_label: "规格",
        specs: &["原味6L", "绿茶6L*4包"],
        price_fen: (990, 5990),
        code: "MS",
        cat_id: PET,
    },
    Goods {
        name: "A4打印纸70g单包500张办公用纸",
        spec_label: "规格",
        specs: &["1包", "5包整箱"],
        price_fen: (1690, 7990),
        code: "DYZ",
        cat_id: OFFICE,
    },
];

/// Province, city, towns: enough variety for filters and masks.
pub const PLACES: &[(&str, &str, &[&str])] = &[
    (
        "广东省",
        "深圳市",
        &["南山区", "福田区", "宝安区", "龙岗区"],
    ),
    ("广东省", "广州市", &["天河区", "白云区", "番禺区"]),
    ("浙江省", "杭州市", &["西湖区", "余杭区", "萧山区"]),
    ("江苏省", "苏州市", &["姑苏区", "吴中区", "昆山市"]),
    ("江苏省", "常州市", &["天宁区", "武进区"]),
    ("上海市", "上海市", &["浦东新区", "闵行区", "徐汇区"]),
    ("北京市", "北京市", &["朝阳区", "海淀区", "丰台区"]),
    ("四川省", "成都市", &["武侯区", "锦江区", "双流区"]),
    ("湖北省", "武汉市", &["洪山区", "江汉区", "武昌区"]),
    ("山东省", "青岛市", &["市南区", "黄岛区", "城阳区"]),
    ("河南省", "郑州市", &["金水区", "二七区"]),
    ("福建省", "厦门市", &["思明区", "湖里区"]),
];

pub const STREETS: &[&str] = &[
    "人民路",
    "解放路",
    "建设路",
    "中山路",
    "东方路",
    "长江路",
    "文化路",
    "和平街",
];

pub const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "胡",
];

pub const PHONE_PREFIXES: &[&str] = &[
    "138", "139", "135", "136", "150", "158", "177", "186", "188", "199",
];

/// Buyers' messages as they come: mostly a few words or a sentence, some with emoji, commas of either width.
pub const BUYER_MEMOS: &[&str] = &[
    "麻烦快点发货,谢谢",
    "不要放快递柜,放门口就行",
    "请发顺丰,补运费可以",
    "送人的,别放价格单",
    "周末家里没人,工作日送",
    "颜色要和图片一样",
    "多给几个赠品呗",
    "发中通",
    "急用!!",
    "谢谢老板🙏",
    "尽快发货哦😊",
    "包装好一点，别压坏了",
    "生日礼物，麻烦今天发出🎁",
    "电话打不通就放驿站",
    "不要韵达",
    "送个挂钩吧",
    "老客户了，多送点小样💕",
    "到了先别打电话，发短信",
    "能开发票吗",
    "好评返现还有吗👍",
    "麻烦发之前检查一下有没有破损，上次收到的是坏的",
    "下午三点以后家里才有人,送货前请打电话联系",
    "两件一起发,不要分开发,地址是公司前台,周末不收件",
    "帮忙挑个头大一点的，送长辈的，谢谢🙏",
    "之前买过一次很好用,这次多买几件囤着😊",
];

/// The long ones (over 60 characters): changed addresses, sizes, allergies, whole stories.
pub const LONG_MEMOS: &[&str] = &[
    "老板你好,上次买的那箱有两包是破的,这次麻烦帮忙检查一下再发,包装箱外面多缠几圈胶带,快递员送货前先打电话,白天上班不在家,放小区门口菜鸟驿站就行,谢谢!",
    "宝宝皮肤敏感，麻烦确认一下是不是无香型的，如果不是请先联系我再发货，不要直接发。另外发票抬头写公司名称，税号稍后在聊天里发给你🙏",
    "收件地址写错了!!!正确的是3栋2单元1102,已经在聊天里发过了,麻烦按新地址发,电话不变,实在改不了的话先别发,等我联系客服😭😭",
    "这是第三次下单了，之前两次都是中通送的很快，这次也麻烦发中通，不要发极兔，我们这边极兔要自己去很远的地方拿，谢谢老板，好评已经给过了👍",
    "尺码拍的是XL但是想换成2XL,颜色不变,麻烦改一下再发,如果2XL没货就发XL,不用再问我了,着急穿,明天之前能发出最好,谢谢",
    "送给妈妈的生日礼物🎂，麻烦帮忙写张贺卡：祝妈妈生日快乐，身体健康，天天开心！不要放任何价格单和发票，包装尽量好看一点，谢谢老板🌹",
];

/// Seller notes with their flag; `remark_tag_name` is the colour's own name (≤ 3 characters).
pub const SELLER_NOTES: &[&str] = &[
    "已联系买家,改发中通",
    "缺货,等补货再发",
    "老客户,送小礼品",
    "地址偏远,核实后发",
    "买家要求延迟发货",
    "合并发货",
    "买家改地址,已核实新地址3栋2单元1102",
    "换2XL,已确认",
    "送贺卡,不放价格单",
    "发顺丰,买家补了运费12元",
];
