//! The generated shop's raw material: goods with specs and prices, places with towns and streets,
//! surnames, memos and notes. Plain tables, so the generator stays about rules, not words.

/// One product: name, spec label, spec values, price range in fen, and a goods id stem.
pub struct Goods {
    pub name: &'static str,
    pub spec_label: &'static str,
    pub specs: &'static [&'static str],
    pub price_fen: (i64, i64),
    pub code: &'static str,
}

pub const GOODS: &[Goods] = &[
    Goods {
        name: "清风抽纸原木纯品3层120抽24包整箱",
        spec_label: "规格",
        specs: &["24包", "12包", "6包"],
        price_fen: (1990, 4590),
        code: "ZJ",
    },
    Goods {
        name: "蓝月亮洗衣液深层洁净薰衣草香",
        spec_label: "规格",
        specs: &["2kg", "3kg", "1kg+500g"],
        price_fen: (2990, 5990),
        code: "XYY",
    },
    Goods {
        name: "适用苹果15手机壳透明防摔硅胶软壳",
        spec_label: "颜色",
        specs: &["透明", "黑色", "雾紫"],
        price_fen: (590, 1990),
        code: "SJK",
    },
    Goods {
        name: "Type-C快充数据线6A超级快充",
        spec_label: "规格",
        specs: &["1米", "1.5米", "2米"],
        price_fen: (390, 1590),
        code: "SJX",
    },
    Goods {
        name: "316不锈钢保温杯大容量男女学生水杯",
        spec_label: "颜色",
        specs: &["奶白", "雾蓝", "樱花粉"],
        price_fen: (2590, 6990),
        code: "BWB",
    },
    Goods {
        name: "纯棉中筒袜男女四季款10双装",
        spec_label: "颜色",
        specs: &["黑色", "白色", "混色"],
        price_fen: (990, 2490),
        code: "WZ",
    },
    Goods {
        name: "每日坚果混合果仁零食大礼包",
        spec_label: "规格",
        specs: &["15包", "30包"],
        price_fen: (2990, 7990),
        code: "LS",
    },
    Goods {
        name: "辣条麻辣零食大礼包儿时怀旧",
        spec_label: "规格",
        specs: &["500g", "1000g"],
        price_fen: (990, 2990),
        code: "LT",
    },
    Goods {
        name: "加厚垃圾袋家用手提式100只",
        spec_label: "尺码",
        specs: &["45*50", "50*60", "60*80"],
        price_fen: (690, 1690),
        code: "LJD",
    },
    Goods {
        name: "冰丝短袖T恤男夏季宽松",
        spec_label: "尺码",
        specs: &["M", "L", "XL", "2XL"],
        price_fen: (1990, 4990),
        code: "TX",
    },
    Goods {
        name: "儿童牙刷软毛3-12岁",
        spec_label: "规格",
        specs: &["4支装", "8支装"],
        price_fen: (890, 1990),
        code: "YS",
    },
    Goods {
        name: "厨房湿巾去油污一次性抹布",
        spec_label: "规格",
        specs: &["80抽*3包", "80抽*6包"],
        price_fen: (990, 2190),
        code: "SJ",
    },
    Goods {
        name: "洗脸巾一次性纯棉加厚",
        spec_label: "规格",
        specs: &["100抽", "3卷"],
        price_fen: (1290, 2990),
        code: "XLJ",
    },
    Goods {
        name: "懒人沙发豆袋单人卧室",
        spec_label: "颜色",
        specs: &["灰色", "米白"],
        price_fen: (5990, 12990),
        code: "SF",
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

pub const BUYER_MEMOS: &[&str] = &[
    "麻烦快点发货,谢谢",
    "不要放快递柜,放门口就行",
    "请发顺丰,补运费可以",
    "送人的,别放价格单",
    "周末家里没人,工作日送",
    "颜色要和图片一样",
    "多给几个赠品呗",
];

/// Seller notes with their flag; `remark_tag_name` is the colour's own name (≤ 3 characters).
pub const SELLER_NOTES: &[&str] = &[
    "已联系买家,改发中通",
    "缺货,等补货再发",
    "老客户,送小礼品",
    "地址偏远,核实后发",
    "买家要求延迟发货",
    "合并发货",
];
