//! Every string the workstation shows, in Chinese (default) and English: one `T` key per text,
//! plus the few texts that take numbers or names. Views and `update` never spell out a sentence.

use super::Lang;

/// A fixed text of the workstation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    AppTitle,
    DemoShop,
    Unshipped,
    Overdue,
    Due6h,
    LastSync,
    NeverSynced,
    Last48h,
    ColLeft,
    ColFlag,
    ColOrder,
    ColGoods,
    ColAmount,
    ColBadges,
    ColConfirmed,
    EmptyQueue,
    NoMatch,
    FilterPrompt,
    ShowingShipped,
    SortDeadline,
    SortConfirm,
    SortAmount,
    BadgeMemo,
    BadgeUrged,
    BadgeRefund,
    BadgeRisk,
    BadgePreSale,
    BadgeStockOut,
    BadgeRefundMeaning,
    BadgePreSaleMeaning,
    HelpMarks,
    LegendEstimated,
    // what a gateway does not send (pddshuju), and orders that left its window
    Unknown,
    StatusesUnknown,
    LegendUnknown,
    Unlisted,
    LegendUnlisted,
    /// The filter words that find the orders outside the gateway's window.
    LegendUnlistedWord,
    // detail
    DetailTitle,
    Items,
    Amounts,
    GoodsAmount,
    Discount,
    Postage,
    Paid,
    Times,
    Confirmed,
    ShipBy,
    Estimated,
    Urged,
    Shipped,
    Statuses,
    BuyerMemo,
    SellerNote,
    Receiver,
    OrderTags,
    Tracking,
    None,
    StatusAwaiting,
    StatusShipped,
    StatusReceived,
    RefundNone,
    RefundAfterSale,
    RefundRefunding,
    RefundRefunded,
    RiskReview,
    PreSale,
    StockOut,
    Spec,
    OuterId,
    Count,
    Price,
    Encrypted,
    // ship dialog
    ShipTitle,
    ModifyTitle,
    Courier,
    CourierFilter,
    NoCourier,
    CouriersLoading,
    DetailReading,
    DetailUnavailable,
    ShipTimeLeft,
    ShipGoods,
    ShipMemoReading,
    ShipMemoUnread,
    ShipMoreOrders,
    TrackingNumber,
    ImeiField,
    ShapeWarning,
    ConfirmHint,
    Sending,
    BlockedRefund,
    BlockedRisk,
    BlockedShipped,
    BlockedInProgress,
    ModifyUnsupported,
    PickCourierFirst,
    Taking,
    NoWaybill,
    ShippedToast,
    // note editor
    NoteTitle,
    NoteText,
    FlagRow,
    TagName,
    TagNameTooLong,
    DiscardAsk,
    DiscardHint,
    NoteUnsupported,
    NoteSaved,
    NoteUnchanged,
    NoteConflictTitle,
    NoteTheirs,
    NoteMine,
    NoFlag,
    FlagsSaved,
    // pending shipments, quitting
    ReconcileFailed,
    Unconfirmed,
    QuitTitle,
    QuitWhileShipping,
    QuitHint,
    RefundAddress,
    Optional,
    // help and keys
    HelpTitle,
    HelpGlobal,
    HelpShip,
    HelpNote,
    HelpConflict,
    HelpImport,
    HelpConfirm,
    HelpFilter,
    HelpHelp,
    Terminal,
    DraftRestored,
    ReadOnly,
    ReadOnlyRefused,
    CmdJournal,
    CmdImport,
    ImportTitle,
    ImportPath,
    ImportColumns,
    ImportReading,
    ImportValid,
    ImportProblems,
    ImportConfirmHint,
    ImportNothing,
    CmdReconcile,
    HelpJournal,
    JournalTitle,
    JournalEmpty,
    JournalAttention,
    ColTime,
    ColKind,
    ColNumber,
    ColUser,
    ColState,
    KindShip,
    KindNote,
    KindModify,
    KindWaybill,
    StatePending,
    StateUnknown,
    StateConflict,
    StateDone,
    StateFailed,
    JournalNoMatch,
    JournalLoadFailed,
    Reconciling,
    // commands
    CmdNone,
    CmdQuit,
    CmdBack,
    CmdHelp,
    CmdRedraw,
    CmdMoveDown,
    CmdMoveUp,
    CmdTop,
    CmdBottom,
    CmdPageDown,
    CmdPageUp,
    CmdOpen,
    CmdShip,
    CmdNote,
    CmdFlagRed,
    CmdFlagYellow,
    CmdFlagGreen,
    CmdFlagBlue,
    CmdFlagPurple,
    CmdFlagClear,
    CmdFilter,
    CmdToggleSelect,
    CmdSelectRange,
    CmdClearSelection,
    CmdRefresh,
    CmdFullRefresh,
    /// The queue holds only part of the orders: the sync that brought them did not finish.
    Incomplete,
    CmdCopy,
    CmdSort,
    CmdToggleShipped,
    CmdSelectGroup,
    CmdOneParcel,
    CmdNextField,
    CmdPrevField,
    CmdSubmit,
    CmdConfirm,
    CmdTakeNumber,
    CmdFlagPrev,
    CmdFlagNext,
    CmdTakeTheirs,
    // The words of hints: each follows the key bound to its command (`keys::hints`), never a key name.
    /// Between keys that each do the same: "Esc 或 ?".
    Or,
    WordField,
    WordNext,
    WordTakeNumber,
    WordCancel,
    WordCancels,
    WordFlag,
    WordSave,
    WordSendMine,
    WordTakeTheirs,
    WordBackToEditing,
    WordCloses,
    WordRead,
    WordShips,
    WordScroll,
    WordOtherFile,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: T) -> &'static str {
    let (zh, en) = pair(key);
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn pair(key: T) -> (&'static str, &'static str) {
    match key {
        T::AppTitle => ("拼多多工作台", "PDD workstation"),
        T::DemoShop => ("演示店铺", "demo shop"),
        T::Unshipped => ("待发货", "unshipped"),
        T::Overdue => ("已超时", "overdue"),
        T::Due6h => ("6小时内", "due <6h"),
        T::LastSync => ("同步", "synced"),
        T::NeverSynced => ("未同步", "not synced"),
        T::Last48h => ("近48小时", "last 48h"),
        T::ColLeft => ("剩余", "left"),
        T::ColFlag => ("旗", "fl"),
        T::ColOrder => ("订单号", "order"),
        T::ColGoods => ("商品", "goods"),
        T::ColAmount => ("金额", "amount"),
        T::ColBadges => ("标记", "marks"),
        T::ColConfirmed => ("成交时间", "confirmed"),
        T::EmptyQueue => ("没有待发货订单", "no orders to ship"),
        T::NoMatch => ("没有符合筛选的订单", "no order matches the filter"),
        T::FilterPrompt => ("筛选", "filter"),
        T::ShowingShipped => ("含已发货", "incl. shipped"),
        T::SortDeadline => ("按截止", "by deadline"),
        T::SortConfirm => ("按成交", "by confirmed"),
        T::SortAmount => ("按金额", "by amount"),
        T::BadgeMemo => ("备", "M"),
        T::BadgeUrged => ("催", "U"),
        T::BadgeRefund => ("退", "F"),
        T::BadgeRisk => ("风", "K"),
        T::BadgePreSale => ("预", "A"),
        T::BadgeStockOut => ("缺", "S"),
        T::BadgeRefundMeaning => ("售后或退款中", "after-sale or refund (reFund)"),
        T::BadgePreSaleMeaning => ("预售", "pre-sale (Advance sale)"),
        T::HelpMarks => ("标记说明", "marks"),
        T::LegendEstimated => (
            "截止为估算;负数表示已超时",
            "estimated; a negative time: overdue",
        ),
        T::Unknown => ("未知", "unknown"),
        T::StatusesUnknown => ("退款/风控 未知", "refund/risk unknown"),
        T::LegendUnknown => ("网关未提供,未知", "not sent by the gateway: unknown"),
        T::Unlisted => ("窗口外", "unlisted"),
        T::LegendUnlisted => (
            "已不在网关两天列表中,可能已发货",
            "off the 2-day list; may have shipped",
        ),
        T::LegendUnlistedWord => ("筛选词:找出这些订单", "filter words: find these orders"),
        T::DetailTitle => ("订单详情", "Order detail"),
        T::Items => ("商品", "Items"),
        T::Amounts => ("金额", "Amounts"),
        T::GoodsAmount => ("商品金额", "goods"),
        T::Discount => ("优惠", "discounts"),
        T::Postage => ("运费", "postage"),
        T::Paid => ("实付", "paid"),
        T::Times => ("时间", "Times"),
        T::Confirmed => ("成交", "confirmed"),
        T::ShipBy => ("最晚发货", "ship by"),
        T::Estimated => ("(估算)", "(estimated)"),
        T::Urged => ("催发货", "urged"),
        T::Shipped => ("已发货", "shipped"),
        T::Statuses => ("状态", "Status"),
        T::BuyerMemo => ("买家留言", "buyer memo"),
        T::SellerNote => ("商家备注", "seller note"),
        T::Receiver => ("收件人", "receiver"),
        T::OrderTags => ("订单标签", "order tags"),
        T::Tracking => ("物流", "tracking"),
        T::None => ("无", "none"),
        T::StatusAwaiting => ("待发货", "awaiting shipment"),
        T::StatusShipped => ("已发货待签收", "shipped"),
        T::StatusReceived => ("已签收", "received"),
        T::RefundNone => ("无售后", "no after-sale"),
        T::RefundAfterSale => ("售后处理中", "after-sale in progress"),
        T::RefundRefunding => ("退款中", "refunding"),
        T::RefundRefunded => ("已退款", "refunded"),
        T::RiskReview => ("风控审核中", "under risk review"),
        T::PreSale => ("预售", "pre-sale"),
        T::StockOut => ("缺货", "stock-out"),
        T::Spec => ("规格", "spec"),
        T::OuterId => ("编码", "outer id"),
        T::Count => ("数量", "count"),
        T::Price => ("单价", "price"),
        T::Encrypted => ("(已加密)", "(encrypted)"),
        T::ShipTitle => ("发货", "Ship"),
        T::ModifyTitle => ("修改发货", "Modify shipment"),
        T::Courier => ("快递公司", "courier"),
        T::CourierFilter => ("输入名称/编码/ID筛选", "type a name, code or id"),
        T::NoCourier => ("没有匹配的快递公司", "no courier matches"),
        T::CouriersLoading => ("正在加载快递公司…", "loading couriers…"),
        T::DetailReading => ("正在读取订单详情…", "reading the whole order…"),
        T::DetailUnavailable => (
            "订单详情暂不可读（网关未连接且无缓存）",
            "the whole order cannot be read now (gateway unreachable, nothing cached)",
        ),
        T::ShipTimeLeft => ("剩余", "left"),
        T::ShipGoods => ("商品", "goods"),
        T::ShipMemoReading => ("读取中…", "reading…"),
        T::ShipMemoUnread => ("未读到(请看详情)", "not read (see the detail)"),
        T::ShipMoreOrders => ("…还有", "…and"),
        T::TrackingNumber => ("运单号", "tracking no."),
        T::ImeiField => ("IMEI/序列号", "IMEI/serial"),
        T::ShapeWarning => (
            "与该快递的单号格式不符",
            "does not look like this courier's numbers",
        ),
        T::ConfirmHint => ("确认发货,其他键返回", "ships, any other key goes back"),
        T::Sending => ("正在发送…", "sending…"),
        T::BlockedRefund => (
            "售后/退款中的订单不能发货",
            "an order in after-sale or refund cannot be shipped",
        ),
        T::BlockedRisk => (
            "风控审核中的订单不能发货",
            "an order under risk review cannot be shipped",
        ),
        T::BlockedInProgress => (
            "另一个进程正在发货这个订单,这里不会再发送;请等它完成后刷新",
            "another process is shipping this order: it is not sent from here",
        ),
        T::BlockedShipped => ("已发货订单请用修改发货", "this order is already shipped"),
        T::ModifyUnsupported => (
            "当前网关不支持修改发货",
            "this gateway cannot modify a shipment",
        ),
        T::PickCourierFirst => ("请先选择快递公司", "pick a courier first"),
        T::Taking => ("正在取号…", "taking a number…"),
        T::NoWaybill => ("未配置电子面单服务", "no waybill service configured"),
        T::ShippedToast => ("已发货", "shipped"),
        T::NoteTitle => ("备注", "Note"),
        T::NoteText => ("备注内容", "note"),
        T::FlagRow => ("旗帜", "flag"),
        T::TagName => ("旗帜名", "flag name"),
        T::TagNameTooLong => ("最多3个字", "at most 3 characters"),
        T::DiscardAsk => ("放弃修改?", "discard changes?"),
        T::DiscardHint => (
            "放弃,其他键继续编辑",
            "discards, any other key keeps editing",
        ),
        T::NoteUnsupported => (
            "当前网关没有备注接口,无法修改备注和旗帜",
            "this gateway has no note endpoint: notes and flags cannot be changed",
        ),
        T::NoteSaved => ("备注已保存", "note saved"),
        T::NoteUnchanged => ("备注没有改动,未发送", "note unchanged: nothing sent"),
        T::NoteConflictTitle => (
            "备注在后台被修改了,尚未发送",
            "the note changed in the backend: nothing sent yet",
        ),
        T::NoteTheirs => ("后台现在", "backend"),
        T::NoteMine => ("你的", "yours"),
        T::NoFlag => ("无", "none"),
        T::FlagsSaved => ("旗帜已更新", "flags updated"),
        T::HelpTitle => ("按键帮助", "Keys"),
        T::HelpGlobal => ("通用", "everywhere"),
        T::HelpShip => ("发货对话框", "ship dialog"),
        T::HelpNote => ("备注编辑", "note editor"),
        T::HelpConflict => ("备注冲突", "note conflict"),
        T::HelpImport => ("CSV 批量发货", "CSV import"),
        T::HelpConfirm => ("确认提问", "questions"),
        T::HelpFilter => ("筛选输入", "typing a filter"),
        T::HelpHelp => ("帮助", "help"),
        T::Terminal => ("终端", "the terminal"),
        T::DraftRestored => (
            "已恢复上次未提交的输入",
            "restored what you typed last time",
        ),
        T::ReadOnly => ("只读", "read-only"),
        T::CmdJournal => ("发货日志(待核对)", "journal (needs attention)"),
        T::CmdImport => ("从 CSV 文件批量发货", "ship a CSV file"),
        T::ImportTitle => ("CSV 批量发货", "Ship from a CSV file"),
        T::ImportPath => ("文件路径", "file path"),
        T::ImportColumns => (
            "列:订单号, 快递公司(ID/编码/名称), 运单号[, IMEI]",
            "columns: order_sn, courier (id/code/name), tracking_number[, imei]",
        ),
        T::ImportReading => ("正在读取…", "reading…"),
        T::ImportValid => ("可发货", "ready to ship"),
        T::ImportProblems => ("有问题的行(不会发送)", "lines with problems (not sent)"),
        T::ImportConfirmHint => ("确认发货,其他键取消", "ships them, any other key cancels"),
        T::ImportNothing => ("没有可发货的行", "no line can ship"),
        T::CmdReconcile => ("核对待定发货", "check pending shipments"),
        T::HelpJournal => ("日志", "journal"),
        T::JournalTitle => (
            "日志:全部记录,待处理的在前",
            "Journal: all items, open ones first",
        ),
        T::JournalEmpty => ("日志为空", "the journal is empty"),
        T::JournalNoMatch => ("没有符合筛选的记录", "nothing matches the filter"),
        T::JournalAttention => ("待核对", "to check"),
        T::ColTime => ("时间", "time"),
        T::ColKind => ("类型", "kind"),
        T::ColNumber => ("运单号", "number"),
        T::ColUser => ("操作人", "user"),
        T::ColState => ("状态", "state"),
        T::KindShip => ("发货", "ship"),
        T::KindNote => ("备注", "note"),
        T::KindModify => ("改单", "modify"),
        T::KindWaybill => ("取号", "waybill"),
        T::StatePending => ("待发送", "pending"),
        T::StateUnknown => ("结果未知", "unknown"),
        T::StateConflict => ("冲突", "conflict"),
        T::StateDone => ("成功", "done"),
        T::StateFailed => ("失败", "failed"),
        T::JournalLoadFailed => ("读取日志失败", "reading the journal failed"),
        T::Reconciling => ("正在核对…", "checking…"),
        T::ReadOnlyRefused => (
            "只读模式(--read-only):发货、备注和旗帜已停用",
            "read-only mode (--read-only): shipping, notes and flags are disabled",
        ),
        T::CmdNone => ("(解除绑定)", "(unbound)"),
        T::CmdQuit => ("退出", "quit"),
        T::CmdBack => ("返回/取消", "back / cancel"),
        T::CmdHelp => ("帮助", "help"),
        T::CmdRedraw => ("重绘屏幕", "redraw the screen"),
        T::CmdMoveDown => ("下移", "move down"),
        T::CmdMoveUp => ("上移", "move up"),
        T::CmdTop => ("到顶部", "go to top"),
        T::CmdBottom => ("到底部", "go to bottom"),
        T::CmdPageDown => ("下一页", "page down"),
        T::CmdPageUp => ("上一页", "page up"),
        T::CmdOpen => ("订单详情", "order detail"),
        T::CmdShip => ("发货", "ship"),
        T::ReconcileFailed => ("核对上次未完成的发货", "checking earlier pending shipments"),
        T::Unconfirmed => ("待确认", "unconfirmed"),
        T::QuitTitle => ("退出", "Quit"),
        T::QuitWhileShipping => (
            "正在发货,仍要退出吗?下次启动时会核对这笔发货",
            "A shipment is being sent; quit anyway? It will be checked at the next start",
        ),
        T::QuitHint => (
            "仍然退出,其他键继续等待",
            "quit anyway, any other key keeps waiting",
        ),
        T::RefundAddress => ("退货地址ID", "refund addr."),
        T::Optional => ("(选填)", "(optional)"),
        T::CmdNote => ("编辑备注", "edit note"),
        T::CmdFlagRed => ("插红旗", "flag red"),
        T::CmdFlagYellow => ("插黄旗", "flag yellow"),
        T::CmdFlagGreen => ("插绿旗", "flag green"),
        T::CmdFlagBlue => ("插蓝旗", "flag blue"),
        T::CmdFlagPurple => ("插紫旗", "flag purple"),
        T::CmdFlagClear => ("清除旗帜", "clear flag"),
        T::CmdFilter => ("筛选", "filter"),
        T::CmdToggleSelect => ("选中/取消", "toggle selection"),
        T::CmdSelectRange => ("选中一段", "select a range"),
        T::CmdClearSelection => ("清除选中", "clear selection"),
        T::CmdRefresh => ("刷新", "refresh"),
        T::CmdFullRefresh => ("全部重新同步", "list all again"),
        T::Incomplete => ("未完整", "incomplete"),
        T::CmdCopy => ("复制订单号", "copy order number"),
        T::CmdSort => ("切换排序", "change sort"),
        T::CmdToggleShipped => ("显示/隐藏已发货", "show/hide shipped"),
        T::CmdSelectGroup => ("选中此单的合单组", "select the merge group of this order"),
        T::CmdOneParcel => (
            "合单:共用一个运单号/每单一个",
            "one number for the group / each",
        ),
        T::CmdNextField => ("下一栏", "next field"),
        T::CmdPrevField => ("上一栏", "previous field"),
        T::CmdSubmit => ("确定", "submit"),
        T::CmdConfirm => ("确认发货", "confirm"),
        T::CmdTakeNumber => ("电子面单取号", "take a waybill number"),
        T::CmdFlagPrev => ("上一种旗帜", "previous flag"),
        T::CmdFlagNext => ("下一种旗帜", "next flag"),
        T::CmdTakeTheirs => ("采用后台的备注", "take the backend's note"),
        T::Or => ("或", "or"),
        T::WordField => ("切换", "field"),
        T::WordNext => ("下一步", "next"),
        T::WordTakeNumber => ("取号", "take no."),
        T::WordCancel => ("取消", "cancel"),
        T::WordCancels => ("取消", "cancels"),
        T::WordFlag => ("选旗", "flag"),
        T::WordSave => ("保存", "save"),
        T::WordSendMine => ("发送你的", "send yours"),
        T::WordTakeTheirs => ("采用后台的", "take theirs"),
        T::WordBackToEditing => ("返回编辑", "back to editing"),
        T::WordCloses => ("关闭", "closes"),
        T::WordRead => ("读取", "reads"),
        T::WordShips => ("发货", "ships"),
        T::WordScroll => ("滚动", "scroll"),
        T::WordOtherFile => ("换文件", "another file"),
    }
}

/// "3 selected".
pub fn selected(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("已选 {n}"),
        Lang::En => format!("{n} selected"),
    }
}

/// The confirmation line of the ship dialog.
pub fn confirm_ship(lang: Lang, orders: &str, courier: &str, numbers: &str) -> String {
    match lang {
        Lang::Zh => format!("发货 {orders} · {courier} · {numbers} ?"),
        Lang::En => format!("Ship {orders} with {courier}, number {numbers}?"),
    }
}

/// The end of PDD's interception; `key` is the one that sends again.
pub fn retry_now(lang: Lang, key: Option<&str>) -> String {
    match (lang, key) {
        (Lang::Zh, Some(k)) => format!("可以重试了:按 {k}"),
        (Lang::Zh, None) => "可以重试了".into(),
        (Lang::En, Some(k)) => format!("you may retry now: press {k}"),
        (Lang::En, None) => "you may retry now".into(),
    }
}

/// A journal item written but not confirmed sent; `key` is the one that checks it.
pub fn explain_pending(lang: Lang, key: Option<&str>) -> String {
    match (lang, key) {
        (Lang::Zh, Some(k)) => format!("已记录但未确认发出(程序中断):按 {k} 核对,不会重复发货"),
        (Lang::Zh, None) => "已记录但未确认发出(程序中断),不会重复发货".into(),
        (Lang::En, Some(k)) => format!(
            "written but not confirmed sent (interrupted): {k} checks it; it is never sent twice"
        ),
        (Lang::En, None) => {
            "written but not confirmed sent (interrupted); it is never sent twice".into()
        }
    }
}

/// A journal item sent without an answer; `key` is the one that asks the gateway.
pub fn explain_unknown(lang: Lang, key: Option<&str>) -> String {
    match (lang, key) {
        (Lang::Zh, Some(k)) => format!("已发出但没有应答:按 {k} 向平台核对是否已发货"),
        (Lang::Zh, None) => "已发出但没有应答".into(),
        (Lang::En, Some(k)) => {
            format!("sent, but no answer came: {k} asks the gateway whether it shipped")
        }
        (Lang::En, None) => "sent, but no answer came".into(),
    }
}

/// A journal item that went through; `detail`: how that was learned when the answer was lost.
pub fn explain_done(lang: Lang, detail: &str) -> String {
    match (lang, detail.is_empty()) {
        (Lang::Zh, true) => "成功".into(),
        (Lang::Zh, false) => format!("成功:{detail}"),
        (Lang::En, true) => "done".into(),
        (Lang::En, false) => format!("done: {detail}"),
    }
}

/// A journal item that did not go through (safe to do again); `detail`: the error.
pub fn explain_failed(lang: Lang, detail: &str) -> String {
    match (lang, detail.is_empty()) {
        (Lang::Zh, true) => "失败(未生效,可以重做)".into(),
        (Lang::Zh, false) => format!("失败(未生效,可以重做):{detail}"),
        (Lang::En, true) => "failed (not applied, safe to do again)".into(),
        (Lang::En, false) => format!("failed (not applied, safe to do again): {detail}"),
    }
}

/// An old item without an outcome that a later item of the same order replaced: nothing to check.
pub fn explain_superseded(lang: Lang) -> String {
    match lang {
        Lang::Zh => "没有结果,已被该订单后来的记录取代".into(),
        Lang::En => "no outcome; a later item of this order replaced it".into(),
    }
}

/// The journal screen read only the newest entries: how many of how many.
pub fn journal_cut(lang: Lang, shown: usize, total: u64) -> String {
    match lang {
        Lang::Zh => format!("只显示最近 {shown} 条,共 {total} 条"),
        Lang::En => format!("newest {shown} of {total} shown"),
    }
}

/// How many journal items the filter leaves.
pub fn journal_matches(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("({n} 条)"),
        Lang::En => filter_matches(lang, n),
    }
}

/// "n orders".
/// Selected orders hidden by the filter: how many are selected, hidden, and acted on.
pub fn hidden_selection(lang: Lang, selected: usize, hidden: usize, acting: usize) -> String {
    match (lang, acting) {
        (Lang::Zh, 0) => {
            format!("已选 {selected} 单,全部被筛选隐藏:未处理任何订单;请清除筛选或选择")
        }
        (Lang::Zh, n) => format!("已选 {selected} 单,{hidden} 单被筛选隐藏:只处理显示的 {n} 单"),
        (Lang::En, 0) => format!(
            "{selected} selected, all hidden by the filter: nothing done; clear the filter or the selection"
        ),
        (Lang::En, n) => {
            format!("{selected} selected, {hidden} hidden by the filter: acting on the {n} shown")
        }
    }
}

pub fn n_orders(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 单"),
        Lang::En => format!("{n} orders"),
    }
}

/// The countdown of PDD's interception: `auto`, the dialog retries by itself when it ends (once); else
/// (the retry was intercepted too) the operator may retry then.
pub fn intercepted(lang: Lang, secs: i64, auto: bool) -> String {
    match (lang, auto) {
        (Lang::Zh, true) => format!("拼多多拦截(接口超时):{secs} 秒后自动重试一次"),
        (Lang::Zh, false) => format!("拼多多再次拦截(接口超时):{secs} 秒后可重试"),
        (Lang::En, true) => format!("intercepted by PDD (timeout): retrying once in {secs} s"),
        (Lang::En, false) => {
            format!("intercepted again by PDD (timeout): retry possible in {secs} s")
        }
    }
}

/// Summary of a batch with failures.
pub fn ship_summary(lang: Lang, ok: usize, failed: usize) -> String {
    match lang {
        Lang::Zh => format!("已发货 {ok} 单,失败 {failed} 单"),
        Lang::En => format!("{ok} shipped, {failed} failed"),
    }
}

/// How many orders the filter leaves.
pub fn filter_matches(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("({n} 单)"),
        Lang::En => format!("({n} {})", if n == 1 { "match" } else { "matches" }),
    }
}

/// A flag letter's line in the legend.
pub fn flag_meaning(lang: Lang, colour: &str) -> String {
    match lang {
        Lang::Zh => format!("{colour}旗帜"),
        Lang::En => format!("{colour} flag"),
    }
}

/// The order number is in tmux's paste buffer (tmux forwards it to the outer terminal's clipboard).
pub fn copied_tmux(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => format!("已复制订单号到 tmux 缓冲区:{sn}"),
        Lang::En => format!("order number copied to the tmux buffer: {sn}"),
    }
}

/// The order number went to the terminal as OSC 52; whether it lands is the terminal's choice.
pub fn copied_terminal(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => format!("已把订单号发给终端剪贴板(OSC 52):{sn}"),
        Lang::En => format!("order number sent to the terminal's clipboard (OSC 52): {sn}"),
    }
}

/// Copying failed: through what, and what it said.
pub fn copy_failed(lang: Lang, sn: &str, via: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("未能复制订单号 {sn}({via}:{why})"),
        Lang::En => format!("could not copy order number {sn} ({via}: {why})"),
    }
}

/// After the first item of an order with `lines` item lines in all: ` 等3件` (every line counted, the
/// first included) and ` +2 more` (the others). Used by the workstation and the CLI alike.
pub fn more_items(lang: Lang, lines: usize) -> String {
    match lang {
        Lang::Zh => format!(" 等{lines}件"),
        Lang::En => format!(" +{} more", lines.saturating_sub(1)),
    }
}

/// A keymap warning that names the file and line.
pub fn keymap_line(lang: Lang, file: &str, line: usize, what: &str) -> String {
    match lang {
        Lang::Zh => format!("{file} 第 {line} 行: {what}"),
        Lang::En => format!("{file} line {line}: {what}"),
    }
}

pub fn keymap_bad_key(lang: Lang, key: &str) -> String {
    match lang {
        Lang::Zh => format!("无法识别的按键 {key:?}"),
        Lang::En => format!("unknown key {key:?}"),
    }
}

pub fn keymap_duplicate(lang: Lang, key: &str, section: &str) -> String {
    match lang {
        Lang::Zh => format!("按键 {key} 在 [{section}] 中重复绑定,以后者为准"),
        Lang::En => format!("key {key} is bound twice in [{section}]; the later entry wins"),
    }
}

pub fn keymap_fallback(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "使用默认按键",
        Lang::En => "using the default keys",
    }
}

/// The error text of a failed operation, for toasts.
pub fn failed(lang: Lang, what: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("{what}失败: {why}"),
        Lang::En => format!("{what} failed: {why}"),
    }
}

pub fn loading_orders(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "加载订单",
        Lang::En => "loading orders",
    }
}

/// A shipment an earlier run left pending went through.
pub fn reconcile_applied(lang: Lang, sn: &str, number: &str) -> String {
    match lang {
        Lang::Zh => format!("上次的发货已生效:{sn}({number}),按已发货处理"),
        Lang::En => format!("earlier shipment of {sn} ({number}) went through: counted as shipped"),
    }
}

/// A shipment an earlier run left pending did not go through.
pub fn reconcile_not_applied(lang: Lang, sn: &str, number: &str) -> String {
    match lang {
        Lang::Zh => format!("上次的发货未生效:{sn}({number}),可重新发货"),
        Lang::En => format!(
            "earlier shipment of {sn} ({number}) did not go through: it can be shipped again"
        ),
    }
}

/// A shipment an earlier run left pending still cannot be checked.
pub fn reconcile_unknown(lang: Lang, sn: &str, number: &str) -> String {
    match lang {
        Lang::Zh => format!("上次的发货结果未知:{sn}({number}),已标记 ?,再次发货前会先核对"),
        Lang::En => format!(
            "outcome of the earlier shipment of {sn} ({number}) is unknown: marked ?, checked before any new shipment"
        ),
    }
}

/// The ship dialog's warning for an order whose earlier shipment has an unknown outcome.
pub fn unknown_earlier(lang: Lang, number: &str) -> String {
    match lang {
        Lang::Zh => format!("? 上次发货({number})结果未知,发送前会先核对"),
        Lang::En => format!(
            "? the earlier shipment ({number}) has an unknown outcome; it will be checked first"
        ),
    }
}

/// The header's mark on a queue shown from the offline cache: how old it is.
/// A sync in progress: how many orders have come in so far.
pub fn syncing(lang: Lang, orders: usize) -> String {
    match lang {
        Lang::Zh => format!("同步中 {orders}"),
        Lang::En => format!("syncing {orders}"),
    }
}

/// A full sync in flight over an empty queue: what is shown is what has arrived so far.
pub fn syncing_incomplete(lang: Lang, orders: usize) -> String {
    match lang {
        Lang::Zh => format!("同步中 {orders} 单…未完"),
        Lang::En => format!("syncing {orders}… incomplete"),
    }
}

/// The last sync or refresh failed; the first failure of the run was at `since` (HH:MM).
pub fn sync_failing(lang: Lang, since: &str) -> String {
    match lang {
        Lang::Zh => format!("同步失败 自{since}"),
        Lang::En => format!("sync failing since {since}"),
    }
}

/// Why the syncs fail (the header's third line while they do).
pub fn sync_failing_why(lang: Lang, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("同步失败: {reason}"),
        Lang::En => format!("sync failed: {reason}"),
    }
}

/// How old the queue on screen is, while syncs fail.
pub fn data_age(lang: Lang, mins: i64) -> String {
    match (lang, mins) {
        (Lang::Zh, m) if m < 120 => format!("数据 {m} 分钟前"),
        (Lang::En, m) if m < 120 => format!("{m}m old"),
        (Lang::Zh, m) => format!("数据 {} 小时前", m / 60),
        (Lang::En, m) => format!("{}h old", m / 60),
    }
}

pub fn cached_ago(lang: Lang, mins: i64) -> String {
    match (lang, mins) {
        (Lang::Zh, 0) => "缓存 刚刚".into(),
        (Lang::En, 0) => "cached just now".into(),
        (Lang::Zh, m) if m < 120 => format!("缓存 {m} 分钟前"),
        (Lang::En, m) if m < 120 => format!("cached {m} min ago"),
        (Lang::Zh, m) if m < 48 * 60 => format!("缓存 {} 小时前", m / 60),
        (Lang::En, m) if m < 48 * 60 => format!("cached {} h ago", m / 60),
        (Lang::Zh, m) => format!("缓存 {} 天前", m / (24 * 60)),
        (Lang::En, m) => format!("cached {} days ago", m / (24 * 60)),
    }
}

/// Why a conflict is one: the order went out with another number than the one journalled here.
pub fn conflict_explained(lang: Lang, ours: &str, theirs: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "冲突:本机记录的运单号 {ours},平台上该订单已用另一个运单号 {theirs} 发货,请核实"
        ),
        Lang::En => format!(
            "conflict: this machine journalled {ours}, but the order was shipped with another number, {theirs}: check it"
        ),
    }
}

/// The header's counter of journal items that need attention.
pub fn journal_attention(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("日志待核对 {n}"),
        Lang::En => format!("journal {n}"),
    }
}

/// The header's notice of orders the last sync skipped because they could not be decoded (short: the
/// header line is narrow; the toast of `orders_skipped_named` names them).
pub fn orders_skipped(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("跳过 {n} 单无法解析"),
        Lang::En => format!("{n} undecodable skipped"),
    }
}

/// The toast naming the orders a sync skipped because they could not be decoded.
pub fn orders_skipped_named(lang: Lang, names: &[String]) -> String {
    let list = names.join(", ");
    match lang {
        Lang::Zh => format!("无法解析的订单已跳过(其余照常显示):{list}"),
        Lang::En => {
            format!("orders that cannot be decoded were skipped (the others are shown): {list}")
        }
    }
}

/// An order another process is shipping: the queue's badge and the ship dialog's line.
/// The detail's line on an order the gateway no longer lists, with when it was last listed.
pub fn unlisted_since(lang: Lang, at: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("窗口外:网关近两天的待发货列表中已无此单,最后出现于 {at};可能已在别处发货")
        }
        Lang::En => {
            format!("Outside the gateway's window: last listed {at}; it may have shipped elsewhere")
        }
    }
}

pub fn in_progress_by(lang: Lang, user: &str) -> String {
    match lang {
        Lang::Zh => format!("{user} 发货中"),
        Lang::En => format!("in progress by {user}"),
    }
}
