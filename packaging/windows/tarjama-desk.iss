; Inno Setup 6 script for Tarjama Desk on Windows (not built in CI; see packaging/README.md).
;
; Build on Windows, from the repository root, after the PyInstaller bundle exists:
;   py -3.11 -m venv build\venv
;   build\venv\Scripts\pip install pyinstaller .
;   set TARJAMA_WITH_MODEL=C:\models\opus-mt-ar-en     (optional: embed a model)
;   build\venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\tarjama-desk.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\tarjama-desk.iss
; Output: dist\tarjama-desk-0.1.0-setup.exe (per-user install, no administrator rights needed).

#define AppName "Tarjama Desk"
#define AppVersion "0.1.0"
#define AppExe "tarjama-desk.exe"
#define BundleDir "..\..\dist\tarjama-desk"

[Setup]
AppId={{6C1B7B1E-4C7E-4F4B-9B1E-7A3C2D1E5F90}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Tarjama Desk developers
DefaultDirName={autopf}\Tarjama Desk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=tarjama-desk-{#AppVersion}-setup
SetupIconFile=..\icons\tarjama-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
LicenseFile=..\..\ui\resources\fonts\OFL.txt

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "arabic"; MessagesFile: "compiler:Languages\Arabic.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "assoc"; Description: "Open .tarjama project files with {#AppName}"; GroupDescription: "File associations:"

[Files]
; The whole PyInstaller one-folder bundle (tarjama-desk.exe, desk.exe, _internal\ incl. an embedded model).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .tarjama projects open in Tarjama Desk; DOCX/TXT/HTML/PDF get "Open with" entries only.
Root: HKA; Subkey: "Software\Classes\.tarjama"; ValueType: string; ValueName: ""; ValueData: "TarjamaDesk.Project"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\TarjamaDesk.Project"; ValueType: string; ValueName: ""; ValueData: "Tarjama Desk project"; Flags: uninsdeletekey; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\TarjamaDesk.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\TarjamaDesk.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".html"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".htm"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".tarjama"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\TarjamaDesk.Document"; ValueType: string; ValueName: ""; ValueData: "Document to translate"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\TarjamaDesk.Document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithProgids"; ValueType: string; ValueName: "TarjamaDesk.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "TarjamaDesk.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.html\OpenWithProgids"; ValueType: string; ValueName: "TarjamaDesk.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: string; ValueName: "TarjamaDesk.Document"; ValueData: ""; Flags: uninsdeletevalue

[Run]
; Prove the installation works (offscreen, no window) before offering to start it.
Filename: "{app}\desk.exe"; Parameters: "--self-test --no-gui"; StatusMsg: "Checking the installation..."; Flags: runhidden waituntilterminated skipifdoesntexist
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
