@echo off
rem qplan: build (Explorer "Send to" and drop target), written by "qplan excel install".
setlocal EnableDelayedExpansion
set "QPLAN_CMDLINE=!cmdcmdline!"
setlocal DisableDelayedExpansion
py -3.12 -m qplan_xl excel run build %*
exit
