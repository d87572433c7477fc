//! The operating system's errors (file not found, permission denied, disk full…) in the interface
//! language, by kind; a kind without a text of its own keeps the system's words after a label.

use super::Lang;
use std::io::{Error, ErrorKind};

/// Why a file or directory could not be used, without the path (the caller names it).
pub fn io_error(lang: Lang, e: &Error) -> String {
    match (kind_text(lang, e.kind()), lang) {
        (Some(text), _) => text.to_string(),
        (None, Lang::Zh) => format!("系统错误:{e}"),
        (None, Lang::En) => format!("system error: {e}"),
    }
}

fn kind_text(lang: Lang, kind: ErrorKind) -> Option<&'static str> {
    use ErrorKind as K;
    let (zh, en) = match kind {
        K::NotFound => ("文件或目录不存在", "no such file or directory"),
        K::PermissionDenied => ("没有权限", "permission denied"),
        K::IsADirectory => ("这是目录,不是文件", "it is a directory, not a file"),
        K::NotADirectory => (
            "路径中有一段不是目录",
            "a part of the path is not a directory",
        ),
        K::AlreadyExists => ("已经存在", "it already exists"),
        K::DirectoryNotEmpty => ("目录不是空的", "the directory is not empty"),
        K::ReadOnlyFilesystem => ("文件系统是只读的", "the file system is read-only"),
        K::StorageFull => ("磁盘已满", "no space left on the device"),
        K::QuotaExceeded => ("超出磁盘配额", "the disk quota is exceeded"),
        K::FileTooLarge => ("文件太大", "the file is too large"),
        K::InvalidFilename => ("文件名无效或太长", "the file name is invalid or too long"),
        K::TooManyLinks => ("链接太多", "too many links"),
        K::CrossesDevices => ("不能跨文件系统移动", "cannot move across file systems"),
        K::ResourceBusy => ("文件或设备正忙", "the file or device is busy"),
        K::ExecutableFileBusy => ("文件正被执行,不能写入", "the file is being executed"),
        K::StaleNetworkFileHandle => ("网络文件已失效", "stale network file handle"),
        K::Interrupted => ("操作被中断", "the operation was interrupted"),
        K::UnexpectedEof => ("文件意外结束", "the file ended unexpectedly"),
        K::InvalidData => ("数据无效", "the data is invalid"),
        K::TimedOut => ("操作超时", "the operation timed out"),
        K::OutOfMemory => ("内存不足", "out of memory"),
        K::AddrInUse => ("地址已被占用", "the address is already in use"),
        K::AddrNotAvailable => ("地址不可用", "the address is not available"),
        K::Unsupported => (
            "系统不支持此操作",
            "the system does not support this operation",
        ),
        _ => return None,
    };
    Some(if lang == Lang::Zh { zh } else { en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_in_both_languages_else_the_system_words() {
        let missing = Error::from(ErrorKind::NotFound);
        assert_eq!(io_error(Lang::Zh, &missing), "文件或目录不存在");
        assert_eq!(io_error(Lang::En, &missing), "no such file or directory");
        let dir = Error::from(ErrorKind::IsADirectory);
        assert_eq!(io_error(Lang::Zh, &dir), "这是目录,不是文件");
        let odd = Error::other("denied by policy");
        assert_eq!(io_error(Lang::Zh, &odd), "系统错误:denied by policy");
        assert_eq!(io_error(Lang::En, &odd), "system error: denied by policy");
    }
}
