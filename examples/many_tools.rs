//! Fifty tools in one server: the compile-time benchmark (`tests/bench/build_times.sh`)
//! edits one tool body here and times the debug rebuild.

use mcp_runtime::prelude::*;

/// Tool number 0: adds 1 to `x`.
#[tool]
async fn tool_00(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 1)
}

/// Tool number 1: adds 2 to `x`.
#[tool]
async fn tool_01(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 2)
}

/// Tool number 2: adds 3 to `x`.
#[tool]
async fn tool_02(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 3)
}

/// Tool number 3: adds 4 to `x`.
#[tool]
async fn tool_03(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 4)
}

/// Tool number 4: adds 5 to `x`.
#[tool]
async fn tool_04(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 5)
}

/// Tool number 5: adds 6 to `x`.
#[tool]
async fn tool_05(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 6)
}

/// Tool number 6: adds 7 to `x`.
#[tool]
async fn tool_06(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 7)
}

/// Tool number 7: adds 8 to `x`.
#[tool]
async fn tool_07(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 8)
}

/// Tool number 8: adds 9 to `x`.
#[tool]
async fn tool_08(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 9)
}

/// Tool number 9: adds 10 to `x`.
#[tool]
async fn tool_09(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 10)
}

/// Tool number 10: adds 11 to `x`.
#[tool]
async fn tool_10(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 11)
}

/// Tool number 11: adds 12 to `x`.
#[tool]
async fn tool_11(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 12)
}

/// Tool number 12: adds 13 to `x`.
#[tool]
async fn tool_12(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 13)
}

/// Tool number 13: adds 14 to `x`.
#[tool]
async fn tool_13(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 14)
}

/// Tool number 14: adds 15 to `x`.
#[tool]
async fn tool_14(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 15)
}

/// Tool number 15: adds 16 to `x`.
#[tool]
async fn tool_15(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 16)
}

/// Tool number 16: adds 17 to `x`.
#[tool]
async fn tool_16(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 17)
}

/// Tool number 17: adds 18 to `x`.
#[tool]
async fn tool_17(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 18)
}

/// Tool number 18: adds 19 to `x`.
#[tool]
async fn tool_18(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 19)
}

/// Tool number 19: adds 20 to `x`.
#[tool]
async fn tool_19(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 20)
}

/// Tool number 20: adds 21 to `x`.
#[tool]
async fn tool_20(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 21)
}

/// Tool number 21: adds 22 to `x`.
#[tool]
async fn tool_21(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 22)
}

/// Tool number 22: adds 23 to `x`.
#[tool]
async fn tool_22(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 23)
}

/// Tool number 23: adds 24 to `x`.
#[tool]
async fn tool_23(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 24)
}

/// Tool number 24: adds 25 to `x`.
#[tool]
async fn tool_24(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 25)
}

/// Tool number 25: adds 26 to `x`.
#[tool]
async fn tool_25(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 26)
}

/// Tool number 26: adds 27 to `x`.
#[tool]
async fn tool_26(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 27)
}

/// Tool number 27: adds 28 to `x`.
#[tool]
async fn tool_27(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 28)
}

/// Tool number 28: adds 29 to `x`.
#[tool]
async fn tool_28(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 29)
}

/// Tool number 29: adds 30 to `x`.
#[tool]
async fn tool_29(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 30)
}

/// Tool number 30: adds 31 to `x`.
#[tool]
async fn tool_30(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 31)
}

/// Tool number 31: adds 32 to `x`.
#[tool]
async fn tool_31(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 32)
}

/// Tool number 32: adds 33 to `x`.
#[tool]
async fn tool_32(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 33)
}

/// Tool number 33: adds 34 to `x`.
#[tool]
async fn tool_33(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 34)
}

/// Tool number 34: adds 35 to `x`.
#[tool]
async fn tool_34(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 35)
}

/// Tool number 35: adds 36 to `x`.
#[tool]
async fn tool_35(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 36)
}

/// Tool number 36: adds 37 to `x`.
#[tool]
async fn tool_36(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 37)
}

/// Tool number 37: adds 38 to `x`.
#[tool]
async fn tool_37(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 38)
}

/// Tool number 38: adds 39 to `x`.
#[tool]
async fn tool_38(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 39)
}

/// Tool number 39: adds 40 to `x`.
#[tool]
async fn tool_39(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 40)
}

/// Tool number 40: adds 41 to `x`.
#[tool]
async fn tool_40(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 41)
}

/// Tool number 41: adds 42 to `x`.
#[tool]
async fn tool_41(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 42)
}

/// Tool number 42: adds 43 to `x`.
#[tool]
async fn tool_42(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 43)
}

/// Tool number 43: adds 44 to `x`.
#[tool]
async fn tool_43(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 44)
}

/// Tool number 44: adds 45 to `x`.
#[tool]
async fn tool_44(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 45)
}

/// Tool number 45: adds 46 to `x`.
#[tool]
async fn tool_45(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 46)
}

/// Tool number 46: adds 47 to `x`.
#[tool]
async fn tool_46(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 47)
}

/// Tool number 47: adds 48 to `x`.
#[tool]
async fn tool_47(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 48)
}

/// Tool number 48: adds 49 to `x`.
#[tool]
async fn tool_48(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 49)
}

/// Tool number 49: adds 50 to `x`.
#[tool]
async fn tool_49(x: i64, label: Option<String>) -> String {
    format!("{} {}", label.unwrap_or_default(), x + 50)
}

fn main() -> std::process::ExitCode {
    Server::new("many-tools")
        .version(env!("CARGO_PKG_VERSION"))
        .tools(tools![
            tool_00, tool_01, tool_02, tool_03, tool_04, tool_05, tool_06, tool_07, tool_08, tool_09, tool_10, tool_11,
            tool_12, tool_13, tool_14, tool_15, tool_16, tool_17, tool_18, tool_19, tool_20, tool_21, tool_22, tool_23,
            tool_24, tool_25, tool_26, tool_27, tool_28, tool_29, tool_30, tool_31, tool_32, tool_33, tool_34, tool_35,
            tool_36, tool_37, tool_38, tool_39, tool_40, tool_41, tool_42, tool_43, tool_44, tool_45, tool_46, tool_47,
            tool_48, tool_49
        ])
        .run()
}
