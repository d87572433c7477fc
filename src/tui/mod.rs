//! The workstation: order queue, detail, ship dialog, note editor, help. STUB.
pub struct Context {
    pub gateway: crate::api::Gateway,
    pub waybill: Option<crate::api::waybill::Client>,
    pub lang: crate::i18n::Lang,
    pub demo: bool,
    pub shop_name: String,
    pub data_dir: std::path::PathBuf,
    pub refresh_every: std::time::Duration,
    pub user_keymap: Option<std::path::PathBuf>,
    pub no_color: bool,
}
pub async fn run(_ctx: Context) -> color_eyre::Result<()> {
    Ok(())
}
pub fn describe_keymap(
    _u: Option<&std::path::Path>,
    _l: crate::i18n::Lang,
) -> (String, Vec<String>) {
    (String::new(), vec![])
}
