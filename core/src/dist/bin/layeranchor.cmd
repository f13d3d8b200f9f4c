@echo off
rem LayerAnchor launcher from a release archive (Windows): runs lib\layeranchor.jar with %JAVA_HOME%\bin\java
rem or the java on PATH. LAYERANCHOR_JAVA_OPTS replaces the default JVM options (-Xmx8g -XX:GCTimeRatio=4).
setlocal
set "LAYERANCHOR_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA_EXE=%JAVA_HOME%\bin\java.exe") else (set "JAVA_EXE=java")
if not defined LAYERANCHOR_JAVA_OPTS set "LAYERANCHOR_JAVA_OPTS=-Xmx8g -XX:GCTimeRatio=4"
"%JAVA_EXE%" %LAYERANCHOR_JAVA_OPTS% -Djava.awt.headless=true -jar "%LAYERANCHOR_HOME%\lib\layeranchor.jar" %*
exit /b %ERRORLEVEL%
