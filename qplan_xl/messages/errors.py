"""Vietnamese text of the errors a library caller meets (qplan_xl.errors)."""

NOT_A_PLAN = (
    "{call}: cần một kế hoạch (Plan) đã đọc từ sổ, ví dụ validate_workbook(tệp).plan; "
    "giá trị nhận được thuộc kiểu {kind}."
)
