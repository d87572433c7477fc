//! Texts of the dialogs' input safety: a selected value that the next entry replaces, a key held back
//! because the dialog changed on its own, and a waybill number refused for another courier.

use super::Lang;

/// Under a field whose whole value is selected: what typing does, and that `keys` (the text field's
/// editing keys, as drawn) edit it instead.
pub fn replaces_selected(lang: Lang, keys: &str) -> String {
    match lang {
        Lang::Zh => format!("已选中:输入或扫码将替换它,{keys} 可修改"),
        Lang::En => format!("selected: typing or scanning replaces it; {keys} edit it"),
    }
}

/// A key that arrived right after a dialog or prompt changed by itself, and was therefore not used.
pub fn key_held(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "对话框已自行变化,刚才的按键未执行",
        Lang::En => "the dialog changed by itself: that key was not used",
    }
}

/// Ctrl-T refused: the waybill template issues numbers of `template`, the dialog ships with `chosen`.
pub fn waybill_other_courier(lang: Lang, sn: &str, template: &str, chosen: &str) -> String {
    match lang {
        Lang::Zh => format!("{sn}: 电子面单模板的快递是 {template},而选择的快递是 {chosen};未取号"),
        Lang::En => format!(
            "{sn}: the waybill template is for {template}, but {chosen} is chosen; no number taken"
        ),
    }
}

/// Ctrl-T refused: the configuration does not say which courier the waybill template is for.
pub fn waybill_courier_unknown(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "未配置电子面单模板的快递(waybill 段的 courier_id);未取号",
        Lang::En => {
            "the waybill template's courier is not configured (courier_id in the waybill section); no number taken"
        }
    }
}

/// A tracking number another order uses (not one of a merge group's parcel): refused in the ship dialog,
/// naming that order, as the journal would refuse it at send.
pub fn number_used_by(lang: Lang, number: &str, other: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("运单号 {number} 已用于订单 {other}(不是同一收货地址的合单),请换一个单号")
        }
        Lang::En => format!(
            "number {number} is already used for order {other} (not one parcel of its address): use another number"
        ),
    }
}
