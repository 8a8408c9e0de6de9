; Inno Setup script: the offline installer of 政务公开台账 for the office's Windows PCs, with a Chinese interface.
;
; Built by installer\build.py, which passes the version read from desktop\__init__.py and the bundle folder:
;   ISCC /DAppVersion=0.1.0 /DBundleDir=…\dist\zwgk /DOutputDir=…\dist installer\zwgk.iss
; Needs Inno Setup 6.5 or later, which ships Languages\ChineseSimplified.isl (README.zh-CN.md: 构建).
; The file is UTF-8 with a byte-order mark: Inno Setup reads the Chinese text correctly only with it.

#ifndef AppVersion
  #error 缺少版本号：请用 python installer\build.py 构建，它从 desktop\__init__.py 读取版本并传入 /DAppVersion=…
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#ifndef BundleDir
  #define BundleDir SourcePath + "..\dist\zwgk"
#endif
#ifndef OutputDir
  #define OutputDir SourcePath + "..\dist"
#endif
#if !FileExists(BundleDir + "\zwgk.exe") || !FileExists(BundleDir + "\zwgk-cli.exe")
  #error 程序文件夹中没有 zwgk.exe 和 zwgk-cli.exe：请先用 python installer\build.py 构建
#endif
; Inno Setup 6.5+ ships the Chinese messages; an older one can use a copy placed next to this script.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(SourcePath + "ChineseSimplified.isl")
  #define ChineseMessages SourcePath + "ChineseSimplified.isl"
#else
  #error 找不到简体中文界面文件 ChineseSimplified.isl：请安装 Inno Setup 6.5 或更高版本，或把该文件放在 installer 文件夹中
#endif

#define AppName "政务公开台账"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{B2410C42-5285-40DF-B43C-BBB43C86B665}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
; An ASCII folder name: some old tools mishandle Chinese in program paths.
DefaultDirName={autopf}\zwgk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Administrators install for everyone (Program Files); a user without that right may install for themselves.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and 11 (64-bit) only.
MinVersion=10.0
SetupIconFile=..\resources\icons\zwgk.ico
UninstallDisplayIcon={app}\zwgk.exe
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
ShowLanguageDialog=no
Compression=lzma2/max
SolidCompression=yes
OutputDir={#OutputDir}
OutputBaseFilename=zwgk-{#AppVersion}-setup
; A running copy holds its files open: offer to close it before upgrading.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"

[CustomMessages]
chinesesimplified.SelfTestShortcut=自检（检查安装是否完好）
chinesesimplified.SelfTestRunning=正在自检：建临时数据库、生成示例报告……
chinesesimplified.SelfTestFailed=安装已完成，但自检没有通过，程序可能无法正常使用。%n%n请在“开始”菜单中运行“{#AppName} → 自检”查看哪一项出错，并告知信息技术人员。%n%n安装位置：%1
chinesesimplified.DataKept=程序已卸载。台账数据库、备份和日志都没有删除：默认在各用户的 %APPDATA%\zwgk 文件夹中（或使用者自己选择的位置）。重新安装后可继续使用；确定不再需要时再手工删除。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundle: files a newer version no longer has must not linger beside it.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\zwgk.exe"; WorkingDir: "{app}"
Name: "{group}\{cm:SelfTestShortcut}"; Filename: "{cmd}"; Parameters: "/k """"{app}\zwgk-cli.exe"" --self-test"""; WorkingDir: "{app}"; IconFilename: "{app}\zwgk.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\zwgk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\zwgk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed, so the users' data folders
; (%APPDATA%\zwgk: database, backups, logs) and databases kept elsewhere stay.

[Code]
// After copying, the installed program checks itself (temporary database, both report formats, fonts, Qt)
// without touching any real data; a failure is told at once instead of on the user's first report.
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    WizardForm.StatusLabel.Caption := CustomMessage('SelfTestRunning');
    if not Exec(ExpandConstant('{app}\zwgk-cli.exe'), '--self-test', ExpandConstant('{tmp}'), SW_HIDE,
                ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
      SuppressibleMsgBox(FmtMessage(CustomMessage('SelfTestFailed'), [ExpandConstant('{app}')]),
                         mbError, MB_OK, IDOK);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    SuppressibleMsgBox(CustomMessage('DataKept'), mbInformation, MB_OK, IDOK);
end;
