Attribute VB_Name = "QPlan"
' qplan ribbon callbacks (source of the qplan.xlam add-in; built by `qplan excel build-addin`).
'
' Keep this file ASCII: VBA stores source in the ANSI code page, so Vietnamese literals
' would turn into "?". Every Vietnamese message is shown by Python (qplan_xl.excel); the
' one message VBA must show itself (no workbook to work on) is inserted at build time from
' qplan_xl/messages.py as \uXXXX escapes into the double-brace placeholders below and decoded
' by DecodeText, then shown with MessageBoxW (MsgBox cannot show Vietnamese letters).
Option Explicit

Private Const TEXT_TITLE As String = "{{title}}"
Private Const TEXT_NO_WORKBOOK As String = "{{vba_no_workbook}}"

#If VBA7 Then
Private Declare PtrSafe Function MessageBoxW Lib "user32" (ByVal hWnd As LongPtr, _
    ByVal lpText As LongPtr, ByVal lpCaption As LongPtr, ByVal uType As Long) As Long
#ElseIf Not Mac Then
Private Declare Function MessageBoxW Lib "user32" (ByVal hWnd As Long, _
    ByVal lpText As Long, ByVal lpCaption As Long, ByVal uType As Long) As Long
#End If

Public Sub QPlanCheck(control As IRibbonControl)
    RunEntry "check"
End Sub

Public Sub QPlanSummary(control As IRibbonControl)
    RunEntry "summarize"
End Sub

Public Sub QPlanWord(control As IRibbonControl)
    RunEntry "generate_plan"
End Sub

Public Sub QPlanPdf(control As IRibbonControl)
    RunEntry "generate_pdf"
End Sub

Public Sub QPlanClear(control As IRibbonControl)
    RunEntry "clear_marks"
End Sub

Public Sub QPlanHelp(control As IRibbonControl)
    RunEntry "show_help"
End Sub

Private Sub RunEntry(entry As String)
    ' A workbook in Protected View, or no workbook at all, is not ActiveWorkbook:
    ' RunPython would fail before Python could explain, so say it here.
    If ActiveWorkbook Is Nothing Then
        ShowText DecodeText(TEXT_NO_WORKBOOK)
        Exit Sub
    End If
    RunPython "import qplan_xl.excel as e; e." & entry & "()"
End Sub

Private Sub ShowText(message As String)
    Const MB_ICONINFORMATION As Long = &H40
    Dim title As String
    title = DecodeText(TEXT_TITLE)
    #If Mac Then
        MsgBox message, vbInformation, title
    #Else
        MessageBoxW Application.Hwnd, StrPtr(message), StrPtr(title), MB_ICONINFORMATION
    #End If
End Sub

Private Function DecodeText(escaped As String) As String
    ' Turns "Kh\u00f4ng" into the Unicode string it stands for; "\n" is a line break.
    Dim i As Long, result As String, ch As String
    i = 1
    Do While i <= Len(escaped)
        ch = Mid$(escaped, i, 1)
        If ch = "\" And Mid$(escaped, i + 1, 1) = "u" Then
            result = result & ChrW(CLng("&H" & Mid$(escaped, i + 2, 4)))
            i = i + 6
        ElseIf ch = "\" And Mid$(escaped, i + 1, 1) = "n" Then
            result = result & vbCrLf
            i = i + 2
        Else
            result = result & ch
            i = i + 1
        End If
    Loop
    DecodeText = result
End Function
