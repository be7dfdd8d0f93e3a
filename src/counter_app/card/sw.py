"""Status words of the SSC card and PSAM, by name, with their meaning for a clerk (zh) and a technician (en)."""

from __future__ import annotations

from enum import IntEnum


class SW(IntEnum):
    OK = 0x9000
    WARNING_DATA_MAY_BE_CORRUPTED = 0x6281   # 回送的数据可能有错
    WRONG_LENGTH = 0x6700                    # 长度错误
    SECURITY_STATUS_NOT_SATISFIED = 0x6982   # 安全状态不满足
    AUTH_METHOD_BLOCKED = 0x6983             # 认证方法(密钥/PIN)锁定
    REFERENCE_DATA_INVALID = 0x6984          # 引用数据无效(随机数无效)
    COMMAND_INCOMPATIBLE_WITH_FILE = 0x6981  # 命令与文件结构不相容
    CONDITIONS_NOT_SATISFIED = 0x6985        # 使用条件不满足
    NO_CURRENT_EF = 0x6986                   # 没有选择当前文件
    SECURE_MESSAGING_WRONG = 0x6988          # 安全报文数据项不正确(MAC 错)
    INCORRECT_PARAMETERS = 0x6A80            # 数据域参数不正确
    FUNCTION_NOT_SUPPORTED = 0x6A81          # 功能不支持
    FILE_NOT_FOUND = 0x6A82                  # 文件未找到
    RECORD_NOT_FOUND = 0x6A83                # 记录未找到
    NOT_ENOUGH_SPACE = 0x6A84                # 文件空间不足
    WRONG_P1P2_IN_DATA = 0x6A86              # 参数 P1 P2 不正确
    REFERENCED_DATA_NOT_FOUND = 0x6A88       # 引用数据(密钥)未找到
    WRONG_P1P2 = 0x6B00                      # 参数 P1 P2 不正确
    INS_NOT_SUPPORTED = 0x6D00               # 指令不支持
    CLA_NOT_SUPPORTED = 0x6E00               # 类别不支持
    NO_PRECISE_DIAGNOSIS = 0x6F00            # 无精确诊断
    APPLICATION_LOCKED = 0x9303              # 应用永久锁定


# SW1 values that carry a number in SW2
SW1_MORE_DATA = 0x61      # 61xx: xx bytes waiting for GET RESPONSE
SW1_WRONG_LE = 0x6C       # 6Cxx: repeat with Le = xx
SW_COUNTER_MASK = 0xFFF0
SW_COUNTER_BASE = 0x63C0  # 63Cx: verification failed, x tries left

_MEANINGS: dict[int, tuple[str, str]] = {
    SW.OK: ("成功", "success"),
    SW.WARNING_DATA_MAY_BE_CORRUPTED: ("回送的数据可能有错", "returned data may be corrupted"),
    SW.WRONG_LENGTH: ("长度错误", "wrong length"),
    SW.SECURITY_STATUS_NOT_SATISFIED: ("安全状态不满足", "security status not satisfied"),
    SW.AUTH_METHOD_BLOCKED: ("密钥或密码已锁定", "authentication method (key or PIN) blocked"),
    SW.REFERENCE_DATA_INVALID: ("随机数无效", "reference data (challenge) invalid"),
    SW.COMMAND_INCOMPATIBLE_WITH_FILE: ("命令与文件结构不相容", "command incompatible with the file structure"),
    SW.CONDITIONS_NOT_SATISFIED: ("使用条件不满足", "conditions of use not satisfied"),
    SW.NO_CURRENT_EF: ("没有选择当前文件", "no current EF"),
    SW.NOT_ENOUGH_SPACE: ("文件空间不足", "not enough memory space in the file"),
    SW.WRONG_P1P2_IN_DATA: ("参数错误", "incorrect parameters P1-P2"),
    SW.REFERENCED_DATA_NOT_FOUND: ("密钥未找到", "referenced data (key) not found"),
    SW.SECURE_MESSAGING_WRONG: ("安全报文 MAC 错误", "secure messaging data (MAC) incorrect"),
    SW.INCORRECT_PARAMETERS: ("数据参数不正确", "incorrect parameters in the data field"),
    SW.FUNCTION_NOT_SUPPORTED: ("功能不支持", "function not supported"),
    SW.FILE_NOT_FOUND: ("文件未找到", "file or application not found"),
    SW.RECORD_NOT_FOUND: ("记录未找到", "record not found"),
    SW.WRONG_P1P2: ("参数错误", "wrong parameters P1-P2"),
    SW.INS_NOT_SUPPORTED: ("指令不支持", "instruction not supported"),
    SW.CLA_NOT_SUPPORTED: ("指令类别不支持", "class not supported"),
    SW.NO_PRECISE_DIAGNOSIS: ("卡片内部错误", "no precise diagnosis"),
    SW.APPLICATION_LOCKED: ("应用已永久锁定", "application permanently locked"),
}


def is_counter(sw: int) -> bool:
    """True for 63Cx (wrong PIN or key, x tries left)."""
    return sw & SW_COUNTER_MASK == SW_COUNTER_BASE


def tries_left(sw: int) -> int | None:
    """The x of 63Cx, or None for any other status word."""
    return sw & 0x0F if is_counter(sw) else None


def sw_name(sw: int) -> str:
    """``SW.FILE_NOT_FOUND`` style name, ``63C2 (2 tries left)`` or the bare hex for unknown words."""
    try:
        return SW(sw).name
    except ValueError:
        pass
    if is_counter(sw):
        return f"VERIFY_FAILED_{sw & 0x0F}_TRIES_LEFT"
    if sw >> 8 == SW1_MORE_DATA:
        return f"MORE_DATA_{sw & 0xFF}"
    if sw >> 8 == SW1_WRONG_LE:
        return f"WRONG_LE_{sw & 0xFF}"
    return "UNKNOWN"


def describe(sw: int, lang: str = "zh") -> str:
    """Meaning of ``sw`` in ``lang`` ("zh" or "en"), with the hex value: ``文件未找到 (6A82)``."""
    if sw in _MEANINGS:
        zh, en = _MEANINGS[sw]
    elif is_counter(sw):
        zh, en = f"校验失败，还可尝试 {sw & 0x0F} 次", f"verification failed, {sw & 0x0F} tries left"
    else:
        zh, en = "未知状态", "unknown status"
    return f"{zh if lang == 'zh' else en} ({sw:04X})"
