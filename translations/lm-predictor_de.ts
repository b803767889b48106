<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>EntryEvaluation</name>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>matmul FLOPs</source>
        <translation>Matmul-FLOPs</translation>
    </message>
    <message>
        <source>reads</source>
        <translation>Lesezugriffe</translation>
    </message>
    <message>
        <source>writes</source>
        <translation>Schreibzugriffe</translation>
    </message>
    <message>
        <source>intermediates</source>
        <translation>Zwischenwerte</translation>
    </message>
    <message>
        <source>params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>The entry is JSON</source>
        <translation>Der Eintrag ist JSON</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Module path matches the key</source>
        <translation>Modulpfad passt zum Schlüssel</translation>
    </message>
    <message>
        <source>Code location</source>
        <translation>Codestelle</translation>
    </message>
    <message>
        <source>Templates compile</source>
        <translation>Vorlagen kompilieren</translation>
    </message>
    <message>
        <source>Called modules exist</source>
        <translation>Aufgerufene Module existieren</translation>
    </message>
    <message>
        <source>No call cycle</source>
        <translation>Kein Aufrufzyklus</translation>
    </message>
    <message>
        <source>module_depends lists the calls</source>
        <translation>module_depends nennt die Aufrufe</translation>
    </message>
    <message>
        <source>Parameters are declared</source>
        <translation>Parameter sind deklariert</translation>
    </message>
    <message>
        <source>check_values</source>
        <translation>check_values</translation>
    </message>
    <message>
        <source>Evaluates on sample values</source>
        <translation>Auswertung mit Beispielwerten</translation>
    </message>
    <message>
        <source>Breakdown sums on sample values</source>
        <translation>Aufschlüsselung summiert sich mit Beispielwerten</translation>
    </message>
    <message>
        <source>The entry cannot be evaluated: it has schema errors (see the checks).</source>
        <translation>Der Eintrag kann nicht ausgewertet werden: Er hat Schemafehler (siehe Kontrollen).</translation>
    </message>
    <message>
        <source>No model is open: open one to evaluate the entry on its modules.</source>
        <translation>Kein Modell geöffnet: Öffnen Sie eines, um den Eintrag an seinen Modulen auszuwerten.</translation>
    </message>
    <message>
        <source>%1 has no module of class %2.</source>
        <translation>%1 hat kein Modul der Klasse %2.</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>breakdown %1: %2</source>
        <translation>Aufschlüsselung %1: %2</translation>
    </message>
    <message>
        <source>breakdown %1 = %2</source>
        <translation>Aufschlüsselung %1 = %2</translation>
    </message>
    <message>
        <source>Every figure evaluates, finite and ≥ 0</source>
        <translation>Jede Kennzahl wird ausgewertet, endlich und ≥ 0</translation>
    </message>
    <message>
        <source>%1 figures and %2 breakdown items</source>
        <translation>%1 Kennzahlen und %2 Aufschlüsselungsposten</translation>
    </message>
    <message>
        <source>Matmul FLOPs ≤ FLOPs</source>
        <translation>Matmul-FLOPs ≤ FLOPs</translation>
    </message>
    <message>
        <source>matmul %1 ≤ FLOPs %2</source>
        <translation>Matmul %1 ≤ FLOPs %2</translation>
    </message>
    <message>
        <source>matmul %1 &gt; FLOPs %2</source>
        <translation>Matmul %1 &gt; FLOPs %2</translation>
    </message>
    <message>
        <source>Breakdown sums to the total</source>
        <translation>Aufschlüsselung ergibt die Summe</translation>
    </message>
    <message>
        <source>sum %1 = total %2</source>
        <translation>Summe %1 = gesamt %2</translation>
    </message>
    <message>
        <source>sum %1 ≠ total %2 (off by %3)</source>
        <translation>Summe %1 ≠ gesamt %2 (Abweichung %3)</translation>
    </message>
    <message>
        <source>the breakdown or the total does not evaluate</source>
        <translation>die Aufschlüsselung oder die Summe lässt sich nicht auswerten</translation>
    </message>
    <message>
        <source>%1 %2 − children %3 = %4</source>
        <translation>%1 %2 − Kinder %3 = %4</translation>
    </message>
    <message>
        <source>Counts at least its children (self ≥ 0)</source>
        <translation>Zählt mindestens seine Kinder (eigen ≥ 0)</translation>
    </message>
    <message>
        <source>Parameters match the model&apos;s tensors</source>
        <translation>Parameter passen zu den Tensoren des Modells</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 Parameter</translation>
    </message>
    <message>
        <source>params_template gives %1, the model&apos;s tensors hold %2 (tied weights count once)</source>
        <translation>params_template ergibt %1, die Tensoren des Modells enthalten %2 (gebundene Gewichte zählen einmal)</translation>
    </message>
    <message>
        <source>, template %1:%2–%3:%4</source>
        <translation>, Vorlage %1:%2–%3:%4</translation>
    </message>
    <message>
        <source>Database checks</source>
        <translation>Datenbankkontrollen</translation>
    </message>
    <message>
        <source>schema, templates, calls, cycles, module_depends, parameters and the breakdown on sample values</source>
        <translation>Schema, Vorlagen, Aufrufe, Zyklen, module_depends, Parameter und die Aufschlüsselung mit Beispielwerten</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>prefill, batch %1 × %2 tokens</source>
        <translation>Prefill, Batch %1 × %2 Tokens</translation>
    </message>
    <message>
        <source>decode, batch %1, 1 new token after %2 cached</source>
        <translation>Decode, Batch %1, 1 neues Token nach %2 im Cache</translation>
    </message>
    <message>
        <source>decode, batch %1, %2 new tokens after %3 cached</source>
        <translation>Decode, Batch %1, %2 neue Tokens nach %3 im Cache</translation>
    </message>
    <message>
        <source>training step, batch %1 × %2 tokens</source>
        <translation>Trainingsschritt, Batch %1 × %2 Tokens</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>This prompt (%1, %2) goes to the agent. Its answer is checked like any database entry and lands as pending for review; nothing in it is run.</source>
        <translation>Dieser Prompt (%1, %2) geht an den Agenten. Seine Antwort wird wie jeder Datenbankeintrag kontrolliert und als zur Prüfung ausstehend abgelegt; nichts darin wird ausgeführt.</translation>
    </message>
    <message>
        <source>The last prompt sent to the agent (%1, %2).</source>
        <translation>Der zuletzt an den Agenten gesendete Prompt (%1, %2).</translation>
    </message>
    <message>
        <source>Send to the Agent</source>
        <translation>An den Agenten senden</translation>
    </message>
    <message>
        <source>No agent is set up: choose a provider in Database → Agent Settings (a command such as a coding agent&apos;s non-interactive mode, the Anthropic API or an OpenAI-compatible server).</source>
        <translation>Kein Agent eingerichtet: Wählen Sie einen Anbieter unter Datenbank → Agenteneinstellungen (einen Befehl wie den nicht interaktiven Modus eines Coding-Agenten, die Anthropic-API oder einen OpenAI-kompatiblen Server).</translation>
    </message>
    <message>
        <source>The agent&apos;s model is not set (Database → Agent Settings).</source>
        <translation>Das Modell des Agenten ist nicht festgelegt (Datenbank → Agenteneinstellungen).</translation>
    </message>
    <message>
        <source>Chart made by LM-Predictor</source>
        <translation>Diagramm erstellt mit LM-Predictor</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>SVG-Zeichnung</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>No file name given for the chart.</source>
        <translation>Kein Dateiname für das Diagramm angegeben.</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: unknown image format &quot;%2&quot; (use .png, .svg or .pdf).</source>
        <translation>Das Diagramm kann nicht nach %1 exportiert werden: unbekanntes Bildformat „%2“ (.png, .svg oder .pdf verwenden).</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: the suffix does not match the format (%2).</source>
        <translation>Das Diagramm kann nicht nach %1 exportiert werden: Die Endung passt nicht zum Format (%2).</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: the size %2 × %3 is not between %4 and %5 pixels a side.</source>
        <translation>Das Diagramm kann nicht nach %1 exportiert werden: Die Größe %2 × %3 liegt nicht zwischen %4 und %5 Pixeln je Seite.</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: the scale %2 is not above 0 and at most %3.</source>
        <translation>Das Diagramm kann nicht nach %1 exportiert werden: Der Maßstab %2 muss größer als 0 und höchstens %3 sein.</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: %2 × %3 pixels is too large.</source>
        <translation>Das Diagramm kann nicht nach %1 exportiert werden: %2 × %3 Pixel sind zu groß.</translation>
    </message>
    <message>
        <source>Cannot write the chart to %1: %2</source>
        <translation>Das Diagramm kann nicht in %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot write the chart to %1: the %2 could not be drawn.</source>
        <translation>Das Diagramm kann nicht in %1 geschrieben werden: %2 konnte nicht gezeichnet werden.</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Diagramm</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>Bild kopieren</translation>
    </message>
    <message>
        <source>There is no analysis to draw.</source>
        <translation>Keine Analyse zum Zeichnen vorhanden.</translation>
    </message>
    <message>
        <source>The sweep&apos;s analyses did not finish within %1 s.</source>
        <translation>Die Analysen des Sweeps wurden nicht innerhalb von %1 s fertig.</translation>
    </message>
    <message>
        <source>Unknown kind of chart.</source>
        <translation>Unbekannte Diagrammart.</translation>
    </message>
    <message>
        <source>Cannot draw the chart for %1: %2</source>
        <translation>Das Diagramm für %1 kann nicht gezeichnet werden: %2</translation>
    </message>
    <message>
        <source>The chart could not be drawn as SVG.</source>
        <translation>Das Diagramm konnte nicht als SVG gezeichnet werden.</translation>
    </message>
</context>
<context>
    <name>ReviewCommands</name>
    <message>
        <source>the database session is gone</source>
        <translation>die Datenbanksitzung besteht nicht mehr</translation>
    </message>
    <message>
        <source>Approve %1</source>
        <translation>%1 freigeben</translation>
    </message>
    <message>
        <source>Reject %1</source>
        <translation>%1 ablehnen</translation>
    </message>
    <message>
        <source>Request changes to %1</source>
        <translation>Änderungen an %1 anfordern</translation>
    </message>
    <message>
        <source>Mark %1 pending</source>
        <translation>%1 als ausstehend markieren</translation>
    </message>
</context>
<context>
    <name>lmp::app::AgentController</name>
    <message>
        <source>No API key for the agent: %1. Set %2 in the environment, or store a key in Database → Agent Settings.</source>
        <translation>Kein API-Schlüssel für den Agenten: %1. Setzen Sie %2 in der Umgebung oder speichern Sie einen Schlüssel unter Datenbank → Agenteneinstellungen.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>The agent is already drafting; wait for it or cancel it.</source>
        <translation>Der Agent entwirft bereits; warten Sie oder brechen Sie ihn ab.</translation>
    </message>
    <message>
        <source>Preparing the prompts (reading the source code)…</source>
        <translation>Prompts werden vorbereitet (Quellcode wird gelesen)…</translation>
    </message>
    <message>
        <source>Draft %1 with the agent</source>
        <translation>%1 mit dem Agenten entwerfen</translation>
    </message>
    <message>
        <source>Draft cancelled.</source>
        <translation>Entwurf abgebrochen.</translation>
    </message>
    <message>
        <source>Drafting %1 with the agent (%2 of %3 done)…</source>
        <translation>%1 wird mit dem Agenten entworfen (%2 von %3 fertig)…</translation>
    </message>
    <message>
        <source>%1 drafted: pending review (%2 of %3 done).</source>
        <translation>%1 entworfen: Prüfung ausstehend (%2 von %3 fertig).</translation>
    </message>
    <message>
        <source>The agent&apos;s draft of %1 was refused; nothing was written:
%2</source>
        <translation>Der Entwurf des Agenten für %1 wurde zurückgewiesen; nichts wurde geschrieben:
%2</translation>
    </message>
    <message>
        <source>Drafting %1 failed: %2</source>
        <translation>Entwurf von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The agent finished: %1 of %2 drafts done.</source>
        <translation>Der Agent ist fertig: %1 von %2 Entwürfen erledigt.</translation>
    </message>
    <message>
        <source>Cannot read the config of %1: %2</source>
        <translation>Die Konfiguration von %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Draft the %1 definition with the agent</source>
        <translation>Definition für %1 mit dem Agenten entwerfen</translation>
    </message>
    <message>
        <source>Drafting the %1 definition with the agent…</source>
        <translation>Definition für %1 wird mit dem Agenten entworfen…</translation>
    </message>
    <message>
        <source>Drafting the %1 definition: %2</source>
        <translation>Entwurf der Definition für %1: %2</translation>
    </message>
    <message>
        <source>Drafting the %1 definition failed: %2</source>
        <translation>Entwurf der Definition für %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The agent&apos;s %1 definition was refused; nothing was written:
%2</source>
        <translation>Die Definition des Agenten für %1 wurde zurückgewiesen; nichts wurde geschrieben:
%2</translation>
    </message>
    <message>
        <source>The %1 definition and %2 entries landed: pending review.</source>
        <translation>Die Definition für %1 und %2 Einträge wurden abgelegt: Prüfung ausstehend.</translation>
    </message>
    <message>
        <source>Waiting for the agent (%1)…</source>
        <translation>Warten auf den Agenten (%1)…</translation>
    </message>
    <message>
        <source>No prompt was sent to the agent yet.</source>
        <translation>Bisher wurde kein Prompt an den Agenten gesendet.</translation>
    </message>
    <message>
        <source>The Last Prompt</source>
        <translation>Der letzte Prompt</translation>
    </message>
</context>
<context>
    <name>lmp::app::AgentSettingsDialog</name>
    <message>
        <source>Agent Settings</source>
        <translation>Agenteneinstellungen</translation>
    </message>
    <message>
        <source>The agent drafts database entries (and architecture definitions) for what the database lacks. Its answers are checked like any entry and land as pending for review; nothing in them is ever run.</source>
        <translation>Der Agent entwirft Datenbankeinträge (und Architekturdefinitionen) für das, was der Datenbank fehlt. Seine Antworten werden wie jeder Eintrag kontrolliert und als zur Prüfung ausstehend abgelegt; nichts darin wird je ausgeführt.</translation>
    </message>
    <message>
        <source>External command</source>
        <translation>Externer Befehl</translation>
    </message>
    <message>
        <source>Anthropic Messages API</source>
        <translation>Anthropic Messages API</translation>
    </message>
    <message>
        <source>OpenAI-compatible server</source>
        <translation>OpenAI-kompatibler Server</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>&amp;Anbieter:</translation>
    </message>
    <message>
        <source>e.g. claude -p   (the prompt on stdin; {prompt_file} for a file)</source>
        <translation>z. B. claude -p   (der Prompt über stdin; {prompt_file} für eine Datei)</translation>
    </message>
    <message>
        <source>The program and its arguments, split like a shell would but never run by one. An argument {prompt_file} is replaced by a file holding the prompt; otherwise the prompt goes to its standard input. Its standard output is the answer.</source>
        <translation>Das Programm und seine Argumente, aufgeteilt wie von einer Shell, aber nie von einer ausgeführt. Ein Argument {prompt_file} wird durch eine Datei mit dem Prompt ersetzt; andernfalls geht der Prompt an die Standardeingabe. Die Standardausgabe ist die Antwort.</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <source>default: the provider&apos;s public endpoint; e.g. http://127.0.0.1:8080/v1</source>
        <translation>Standard: der öffentliche Endpunkt des Anbieters; z. B. http://127.0.0.1:8080/v1</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>Basis-&amp;URL:</translation>
    </message>
    <message>
        <source>the model&apos;s name, e.g. claude-sonnet-4-5</source>
        <translation>der Name des Modells, z. B. claude-sonnet-4-5</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Timeout per attempt:</source>
        <translation>&amp;Zeitlimit pro Versuch:</translation>
    </message>
    <message>
        <source>Drafts at &amp;once:</source>
        <translation>&amp;Gleichzeitige Entwürfe:</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>Antwort streamen</translation>
    </message>
    <message>
        <source>Send a refused answer&apos;s reasons back once (repair round)</source>
        <translation>Gründe einer zurückgewiesenen Antwort einmal zurücksenden (Reparaturrunde)</translation>
    </message>
    <message>
        <source>Show the prompt before drafting one module</source>
        <translation>Prompt vor dem Entwurf eines einzelnen Moduls anzeigen</translation>
    </message>
    <message>
        <source>paste a key to store it in the system keychain</source>
        <translation>Schlüssel einfügen, um ihn im Schlüsselbund des Systems zu speichern</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Storing the key…</source>
        <translation>Schlüssel wird gespeichert…</translation>
    </message>
    <message>
        <source>Could not store the key: %1</source>
        <translation>Schlüssel konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>A command needs no key here (it runs with your environment).</source>
        <translation>Ein Befehl braucht hier keinen Schlüssel (er läuft mit Ihrer Umgebung).</translation>
    </message>
    <message>
        <source>Looking for a key…</source>
        <translation>Schlüssel wird gesucht…</translation>
    </message>
    <message>
        <source>A key is set, from %1.</source>
        <translation>Ein Schlüssel ist gesetzt, aus %1.</translation>
    </message>
    <message>
        <source>No key yet: %1</source>
        <translation>Noch kein Schlüssel: %1</translation>
    </message>
    <message>
        <source>Stored in %1.</source>
        <translation>Gespeichert in %1.</translation>
    </message>
</context>
<context>
    <name>lmp::app::MainWindow</name>
    <message>
        <source>LM-Predictor</source>
        <translation>LM-Predictor</translation>
    </message>
    <message>
        <source>(none: no time estimates)</source>
        <translation>(keines: keine Zeitschätzungen)</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Wird geöffnet…</translation>
    </message>
    <message>
        <source>Analyzing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Filter by module name or class…</source>
        <translation>Nach Modulname oder Klasse filtern…</translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation>Nur Warnungen</translation>
    </message>
    <message>
        <source>Show only modules with warnings: no database entry, or a formula that failed.</source>
        <translation>Nur Module mit Warnungen anzeigen: kein Datenbankeintrag oder eine fehlgeschlagene Formel.</translation>
    </message>
    <message>
        <source>Self</source>
        <translation>Eigen</translation>
    </message>
    <message>
        <source>Self: each module&apos;s own work, without the modules inside it. Off: inclusive.</source>
        <translation>Eigen: die eigene Arbeit jedes Moduls, ohne die enthaltenen Module. Aus: inklusive.</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Models: the recent ones, then the built-in catalogue of published configs.</source>
        <translation>Modelle: zuerst die zuletzt verwendeten, dann der eingebaute Katalog veröffentlichter Konfigurationen.</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Browse the built-in catalogue and the local Hugging Face cache</source>
        <translation>Den eingebauten Katalog und den lokalen Cache von Hugging Face durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Roofline</source>
        <translation>Roofline</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>Aufschlüsselung</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open config.json…</source>
        <translation>config.json &amp;öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <source>&amp;Browse Models…</source>
        <translation>Modelle &amp;durchsuchen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Export Chart…</source>
        <translation>Diagramm &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Self Costs</source>
        <translation>&amp;Eigenkosten</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filtern</translation>
    </message>
    <message>
        <source>&amp;Expand All</source>
        <translation>Alle &amp;aufklappen</translation>
    </message>
    <message>
        <source>&amp;Collapse All</source>
        <translation>Alle &amp;zuklappen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About LM-Predictor</source>
        <translation>&amp;Über LM-Predictor</translation>
    </message>
    <message>
        <source>About LM-Predictor</source>
        <translation>Über LM-Predictor</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LM-Predictor %1&lt;/h3&gt;&lt;p&gt;FLOPs, memory traffic and roofline time of PyTorch and Hugging Face models, from their config.json, before running anything.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LM-Predictor %1&lt;/h3&gt;&lt;p&gt;FLOPs, Speicherverkehr und Roofline-Zeit von Modellen für PyTorch und Hugging Face, aus ihrer config.json, noch bevor etwas ausgeführt wird.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU GPL, Version 3 oder neuer.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — LM-Predictor</source>
        <translation>%1 — LM-Predictor</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>prefill of %1 tokens</source>
        <translation>Prefill von %1 Tokens</translation>
    </message>
    <message>
        <source>decode of 1 new token after %1 cached</source>
        <translation>Decode von 1 neuen Token nach %1 im Cache</translation>
    </message>
    <message>
        <source>decode of %1 new tokens after %2 cached</source>
        <translation>Decode von %1 neuen Tokens nach %2 im Cache</translation>
    </message>
    <message>
        <source>training step on %1 tokens</source>
        <translation>Trainingsschritt mit %1 Tokens</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2 in matmuls) · %3 of memory traffic · %4 parameters</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2 in Matmuls) · %3 Speicherverkehr · %4 Parameter</translation>
    </message>
    <message>
        <source>FLOP</source>
        <translation>FLOP</translation>
    </message>
    <message>
        <source> (compute-bound overall)</source>
        <translation> (insgesamt rechengebunden)</translation>
    </message>
    <message>
        <source> (memory-bound overall)</source>
        <translation> (insgesamt speichergebunden)</translation>
    </message>
    <message>
        <source>Memory: %1 weights</source>
        <translation>Speicher: %1 Gewichte</translation>
    </message>
    <message>
        <source> + %1 KV cache</source>
        <translation> + %1 KV-Cache</translation>
    </message>
    <message>
        <source> → %1 in all</source>
        <translation> → %1 insgesamt</translation>
    </message>
    <message>
        <source>, fits %1</source>
        <translation>, passt in %1</translation>
    </message>
    <message>
        <source>, &lt;span style=&apos;color:#b00&apos;&gt;&lt;b&gt;does not fit&lt;/b&gt;&lt;/span&gt; %1</source>
        <translation>, &lt;span style=&apos;color:#b00&apos;&gt;&lt;b&gt;passt nicht&lt;/b&gt;&lt;/span&gt; in %1</translation>
    </message>
    <message numerus="yes">
        <source>%n module type(s) with warnings: totals leave their work out</source>
        <translation>
            <numerusform>%n Modultyp mit Warnungen: Summen ohne seine Arbeit</numerusform>
            <numerusform>%n Modultypen mit Warnungen: Summen ohne ihre Arbeit</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 modules, %2 distinct · analyzed with %3 template evaluations</source>
        <translation>%1 Module, %2 verschiedene · analysiert mit %3 Vorlagenauswertungen</translation>
    </message>
    <message>
        <source>Open a model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>Model configs and module dumps (*.json);;All files (*)</source>
        <translation>Modellkonfigurationen und Modul-Dumps (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open a model folder (with config.json)</source>
        <translation>Modellordner öffnen (mit config.json)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the agent: drafts not finished write nothing</source>
        <translation>Agenten stoppen: unfertige Entwürfe schreiben nichts</translation>
    </message>
    <message>
        <source>Drafting with the Agent…</source>
        <translation>Agent entwirft…</translation>
    </message>
    <message>
        <source>Draft a Definition with the Agent</source>
        <translation>Definition mit dem Agenten entwerfen</translation>
    </message>
    <message>
        <source>The review of %1 was written</source>
        <translation>Die Prüfung von %1 wurde geschrieben</translation>
    </message>
    <message>
        <source>The user database cannot be opened: %1</source>
        <translation>Die Benutzerdatenbank kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Could not save the database: %1</source>
        <translation>Die Datenbank konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>edited in the formula editor</source>
        <translation>im Formeleditor bearbeitet</translation>
    </message>
    <message>
        <source>Could not apply the edit: %1</source>
        <translation>Die Änderung konnte nicht übernommen werden: %1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <source>The formula editor keeps your unapplied edits of %1: apply or revert them to follow the selection.</source>
        <translation>Der Formeleditor behält Ihre nicht übernommenen Änderungen an %1: Übernehmen oder verwerfen Sie sie, um der Auswahl zu folgen.</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>ungültig</translation>
    </message>
    <message>
        <source>Select a module in the tree to see its formulas.</source>
        <translation>Wählen Sie ein Modul im Baum, um seine Formeln zu sehen.</translation>
    </message>
    <message>
        <source>No database entry for %1: its figures are the sum of the modules inside it.</source>
        <translation>Kein Datenbankeintrag für %1: Seine Werte sind die Summe der enthaltenen Module.</translation>
    </message>
    <message>
        <source>Every module of %1 has a database entry.</source>
        <translation>Jedes Modul von %1 hat einen Datenbankeintrag.</translation>
    </message>
    <message>
        <source>%1, but the architecture definitions do not load: %2</source>
        <translation>%1, aber die Architekturdefinitionen lassen sich nicht laden: %2</translation>
    </message>
    <message>
        <source>The definition landed in %1</source>
        <translation>Die Definition wurde in %1 abgelegt</translation>
    </message>
    <message>
        <source>Edit Formulas</source>
        <translation>Formeln bearbeiten</translation>
    </message>
    <message>
        <source>Review Entry</source>
        <translation>Eintrag prüfen</translation>
    </message>
    <message>
        <source>Draft Entry with the Agent…</source>
        <translation>Eintrag mit dem Agenten entwerfen…</translation>
    </message>
    <message>
        <source>Source Folders</source>
        <translation>Quellordner</translation>
    </message>
    <message>
        <source>Folders the review pane looks in for a module&apos;s Python source, in order: a transformers checkout, an installed package folder (site-packages/transformers) or a site-packages folder. Files are only read.</source>
        <translation>Ordner, in denen der Prüfbereich nach dem Python-Quellcode eines Moduls sucht, in dieser Reihenfolge: ein transformers-Checkout, ein installierter Paketordner (site-packages/transformers) oder ein site-packages-Ordner. Dateien werden nur gelesen.</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>A folder of Python sources</source>
        <translation>Ein Ordner mit Python-Quellen</translation>
    </message>
    <message>
        <source>Python interpreter to ask where an installed package lies (empty: none). Only that is asked of it; nothing from a database entry is ever run.</source>
        <translation>Python-Interpreter, der gefragt wird, wo ein installiertes Paket liegt (leer: keiner). Nur danach wird er gefragt; nichts aus einem Datenbankeintrag wird je ausgeführt.</translation>
    </message>
    <message>
        <source>Unsaved database changes</source>
        <translation>Nicht gespeicherte Datenbankänderungen</translation>
    </message>
    <message>
        <source>The module database has edits or reviews that are not saved. Save them to %1?</source>
        <translation>Die Moduldatenbank enthält nicht gespeicherte Änderungen oder Prüfungen. In %1 speichern?</translation>
    </message>
    <message>
        <source>Ask the agent to draft this family&apos;s architecture definition (and the entries it needs) from its modeling source; it lands as pending for review.</source>
        <translation>Den Agenten die Architekturdefinition dieser Familie (und die nötigen Einträge) aus ihrem Modellierungs-Quellcode entwerfen lassen; sie wird als zur Prüfung ausstehend abgelegt.</translation>
    </message>
    <message>
        <source>Formula Editor</source>
        <translation>Formeleditor</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Architecture Definitions</source>
        <translation>Architekturdefinitionen</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <source>&amp;Roofline…</source>
        <translation>&amp;Roofline…</translation>
    </message>
    <message>
        <source>&amp;Breakdown…</source>
        <translation>&amp;Aufschlüsselung…</translation>
    </message>
    <message>
        <source>&amp;Sweep…</source>
        <translation>&amp;Sweep…</translation>
    </message>
    <message>
        <source>&amp;Report…</source>
        <translation>&amp;Bericht…</translation>
    </message>
    <message>
        <source>&amp;Database</source>
        <translation>Daten&amp;bank</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Save Database</source>
        <translation>Datenbank &amp;speichern</translation>
    </message>
    <message>
        <source>Re&amp;load Database</source>
        <translation>Datenbank &amp;neu laden</translation>
    </message>
    <message>
        <source>Use &amp;Validated Formulas Only</source>
        <translation>Nur &amp;validierte Formeln verwenden</translation>
    </message>
    <message>
        <source>Leave out every entry nobody has validated yet (pending, needs changes): a module without a usable entry sums the modules inside it.</source>
        <translation>Alle Einträge auslassen, die noch niemand validiert hat (ausstehend, Änderungen nötig): Ein Modul ohne verwendbaren Eintrag summiert die enthaltenen Module.</translation>
    </message>
    <message>
        <source>Source &amp;Folders…</source>
        <translation>&amp;Quellordner…</translation>
    </message>
    <message>
        <source>&amp;Draft All Missing with the Agent</source>
        <translation>Alle &amp;fehlenden mit dem Agenten entwerfen</translation>
    </message>
    <message>
        <source>Ask the agent for an entry for every module class of the model the database lacks; the drafts land as pending for review.</source>
        <translation>Den Agenten um einen Eintrag für jede Modulklasse des Modells bitten, die der Datenbank fehlt; die Entwürfe werden als zur Prüfung ausstehend abgelegt.</translation>
    </message>
    <message>
        <source>Draft a &amp;Definition for the Refused Model</source>
        <translation>&amp;Definition für das zurückgewiesene Modell entwerfen</translation>
    </message>
    <message>
        <source>No model was refused for lack of an architecture definition.</source>
        <translation>Kein Modell wurde mangels Architekturdefinition zurückgewiesen.</translation>
    </message>
    <message>
        <source>&amp;Cancel the Agent</source>
        <translation>Agenten a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Show the Last &amp;Prompt…</source>
        <translation>Letzten &amp;Prompt anzeigen…</translation>
    </message>
    <message>
        <source>&amp;Agent Settings…</source>
        <translation>&amp;Agenteneinstellungen…</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Prüfung</translation>
    </message>
    <message>
        <source>prefill of %1 tokens after %2 cached</source>
        <translation>Prefill von %1 Tokens nach %2 im Cache</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &lt;span style=&apos;color:#666&apos;&gt;(%2)&lt;/span&gt; — %3, batch %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &lt;span style=&apos;color:#666&apos;&gt;(%2)&lt;/span&gt; — %3, Batch %4</translation>
    </message>
    <message>
        <source> · &lt;b&gt;%1&lt;/b&gt; expected (bound %2, %3) on %4</source>
        <translation> · &lt;b&gt;%1&lt;/b&gt; erwartet (Schranke %2, %3) auf %4</translation>
    </message>
    <message>
        <source>fused</source>
        <translation>fusioniert</translation>
    </message>
    <message>
        <source>eager</source>
        <translation>eager</translation>
    </message>
    <message>
        <source>as stored: %1</source>
        <translation>wie gespeichert: %1</translation>
    </message>
    <message>
        <source> + %1 recurrent state</source>
        <translation> + %1 rekurrenter Zustand</translation>
    </message>
    <message>
        <source>%1 modules use unreviewed formulas (%2)</source>
        <translation>%1 Module verwenden ungeprüfte Formeln (%2)</translation>
    </message>
    <message>
        <source>Every formula used was validated</source>
        <translation>Alle verwendeten Formeln wurden validiert</translation>
    </message>
    <message>
        <source> · validated entries only</source>
        <translation> · nur validierte Einträge</translation>
    </message>
    <message>
        <source> · not used: %1</source>
        <translation> · nicht verwendet: %1</translation>
    </message>
    <message>
        <source> · &lt;i&gt;database changes not saved&lt;/i&gt;</source>
        <translation> · &lt;i&gt;Datenbankänderungen nicht gespeichert&lt;/i&gt;</translation>
    </message>
    <message numerus="yes">
        <source> · %n image token(s) in each sequence</source>
        <translation>
            <numerusform> · %n Bild-Token in jeder Sequenz</numerusform>
            <numerusform> · %n Bild-Tokens in jeder Sequenz</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a model first: there is no analysis to export.</source>
        <translation>Öffnen Sie zuerst ein Modell: Es gibt keine Analyse zum Exportieren.</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>HTML report, charts embedded (*.html);;PDF document (*.pdf);;Markdown (*.md);;CSV table (*.csv);;JSON (*.json);;Text table (*.txt)</source>
        <translation>HTML-Bericht, Diagramme eingebettet (*.html);;PDF-Dokument (*.pdf);;Markdown (*.md);;CSV-Tabelle (*.csv);;JSON (*.json);;Texttabelle (*.txt)</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>Bericht in %1 geschrieben</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>The language changes when LM-Predictor starts again.</source>
        <translation>Die Sprache wechselt beim nächsten Start von LM-Predictor.</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Co&amp;mpare With…</source>
        <translation>&amp;Vergleichen mit…</translation>
    </message>
    <message>
        <source>Compare the analysis with another model or other settings</source>
        <translation>Die Analyse mit einem anderen Modell oder anderen Einstellungen vergleichen</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Generierung</translation>
    </message>
    <message>
        <source>&amp;Generation</source>
        <translation>&amp;Generierung</translation>
    </message>
    <message>
        <source>Time to first token, time per output token and the KV cache over a generation</source>
        <translation>Zeit bis zum ersten Token, Zeit pro Ausgabe-Token und KV-Cache über eine Generierung</translation>
    </message>
    <message>
        <source>%1 weights</source>
        <translation>%1-Gewichte</translation>
    </message>
</context>
<context>
    <name>lmp::widgets</name>
    <message>
        <source>There is no analysis to export.</source>
        <translation>Es gibt keine Analyse zum Exportieren.</translation>
    </message>
    <message>
        <source>Cannot tell the format of %1: name it .html, .md, .csv, .json, .pdf or .txt.</source>
        <translation>Das Format von %1 ist nicht erkennbar: Verwenden Sie die Endung .html, .md, .csv, .json, .pdf oder .txt.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1: the PDF could not be rendered</source>
        <translation>%1: Das PDF konnte nicht erzeugt werden</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::AnalysisRunner</name>
    <message>
        <source>the module database does not load</source>
        <translation>die Moduldatenbank lässt sich nicht laden</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ArchitectureReview</name>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>validated</source>
        <translation>validiert</translation>
    </message>
    <message>
        <source>needs changes</source>
        <translation>Änderungen nötig</translation>
    </message>
    <message>
        <source>rejected (not used)</source>
        <translation>abgelehnt (nicht verwendet)</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>ungültig</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>config.json, model folder or model id</source>
        <translation>config.json, Modellordner oder Modell-ID</translation>
    </message>
    <message>
        <source>Open Config…</source>
        <translation>Konfiguration öffnen…</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Module Tree</source>
        <translation>Modulbaum</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>Definition</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>notes for the record (what you checked, what must change)</source>
        <translation>Notizen fürs Protokoll (was Sie geprüft haben, was sich ändern muss)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Request Changes</source>
        <translation>Änderungen anfordern</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Reviewer:</source>
        <translation>Prüfer:</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Notizen:</translation>
    </message>
    <message>
        <source>No user architecture definitions (%1)</source>
        <translation>Keine Benutzer-Architekturdefinitionen (%1)</translation>
    </message>
    <message>
        <source>No definition selected</source>
        <translation>Keine Definition ausgewählt</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>ungültig: %1</translation>
    </message>
    <message>
        <source> by %1</source>
        <translation> von %1</translation>
    </message>
    <message>
        <source> on %1</source>
        <translation> am %1</translation>
    </message>
    <message>
        <source>Choose a model (a config.json of this architecture) to see the tree the definition builds.</source>
        <translation>Wählen Sie ein Modell (eine config.json dieser Architektur), um den Baum zu sehen, den die Definition aufbaut.</translation>
    </message>
    <message>
        <source>Note: the config&apos;s architecture is %1, which this definition does not list.

</source>
        <translation>Hinweis: Die Architektur der Konfiguration ist %1, die diese Definition nicht aufführt.

</translation>
    </message>
    <message>
        <source>The definition does not build a tree for this config:
%1</source>
        <translation>Die Definition baut für diese Konfiguration keinen Baum auf:
%1</translation>
    </message>
    <message>
        <source>No tree to compare.</source>
        <translation>Kein Baum zum Vergleichen.</translation>
    </message>
    <message>
        <source>Select a definition and enter your name</source>
        <translation>Definition auswählen und Namen eingeben</translation>
    </message>
    <message>
        <source>Open config.json</source>
        <translation>config.json öffnen</translation>
    </message>
    <message>
        <source>Model configs (*.json);;All files (*)</source>
        <translation>Modellkonfigurationen (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Select a definition to review.</source>
        <translation>Wählen Sie eine zu prüfende Definition.</translation>
    </message>
    <message>
        <source>Enter your name: a review records who made it.</source>
        <translation>Geben Sie Ihren Namen ein: Eine Prüfung hält fest, wer sie vorgenommen hat.</translation>
    </message>
    <message>
        <source>Not written: %1</source>
        <translation>Nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::BreakdownChart</name>
    <message>
        <source>By module class</source>
        <translation>Nach Modulklasse</translation>
    </message>
    <message>
        <source>By layer</source>
        <translation>Nach Schicht</translation>
    </message>
    <message>
        <source>Module class: the work of every instance of a class, summed.
Layer: each top-level module, with every decoder layer on its own bar.</source>
        <translation>Modulklasse: die Arbeit aller Instanzen einer Klasse, summiert.
Schicht: jedes Modul der obersten Ebene, mit jeder Decoder-Schicht als eigenem Balken.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Matmul FLOPs</source>
        <translation>Matmul-FLOPs</translation>
    </message>
    <message>
        <source>Memory traffic (bytes)</source>
        <translation>Speicherverkehr (Bytes)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>Gruppe:</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <source>%1 (%2 instances)</source>
        <translation>%1 (%2 Instanzen)</translation>
    </message>
    <message>
        <source>other</source>
        <translation>andere</translation>
    </message>
    <message numerus="yes">
        <source>%n other classes</source>
        <translation>
            <numerusform>%n andere Klasse</numerusform>
            <numerusform>%n andere Klassen</numerusform>
        </translation>
    </message>
    <message>
        <source>(model)</source>
        <translation>(Modell)</translation>
    </message>
    <message>
        <source>Time needs a device: showing FLOPs. Choose a hardware profile to see the roofline time.</source>
        <translation>Die Zeit braucht ein Gerät: FLOPs werden angezeigt. Wählen Sie ein Hardwareprofil, um die Roofline-Zeit zu sehen.</translation>
    </message>
    <message>
        <source>Time (%1)</source>
        <translation>Zeit (%1)</translation>
    </message>
    <message>
        <source>%1 by module class</source>
        <translation>%1 nach Modulklasse</translation>
    </message>
    <message>
        <source>%1 by layer</source>
        <translation>%1 nach Schicht</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>Aufschlüsselung</translation>
    </message>
    <message>
        <source>Time is the expected time on the selected device (the roofline bound with the time model&apos;s efficiencies and launch costs); memory traffic counts reads, writes and each intermediate twice.</source>
        <translation>Zeit ist die erwartete Zeit auf dem gewählten Gerät (die Roofline-Schranke mit den Effizienzen und Startkosten des Zeitmodells); der Speicherverkehr zählt Lese- und Schreibzugriffe und jeden Zwischenwert doppelt.</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ChartExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>SVG-Zeichnung</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>The chart is laid out at this size (pixels of 1/96 inch; a PDF&apos;s page is this size)</source>
        <translation>Das Diagramm wird in dieser Größe angelegt (Pixel zu 1/96 Zoll; die Seite eines PDF hat diese Größe)</translation>
    </message>
    <message>
        <source>× </source>
        <translation>× </translation>
    </message>
    <message>
        <source>PNG only: the same picture with this many times the pixels (2 for slides)</source>
        <translation>Nur PNG: dasselbe Bild mit entsprechend vielfacher Pixelzahl (2 für Folien)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>S&amp;cale:</source>
        <translation>&amp;Maßstab:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Choose a file to export the chart to.</source>
        <translation>Wählen Sie eine Datei, in die das Diagramm exportiert wird.</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 Pixel</translation>
    </message>
    <message>
        <source>Vector drawing of %1 × %2 units</source>
        <translation>Vektorzeichnung mit %1 × %2 Einheiten</translation>
    </message>
    <message>
        <source>One page of %1 × %2 mm</source>
        <translation>Eine Seite mit %1 × %2 mm</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::CompareModel</name>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Matmul FLOPs</source>
        <translation>Matmul-FLOPs</translation>
    </message>
    <message>
        <source>Bytes read</source>
        <translation>Gelesene Bytes</translation>
    </message>
    <message>
        <source>Bytes written</source>
        <translation>Geschriebene Bytes</translation>
    </message>
    <message>
        <source>Intermediates</source>
        <translation>Zwischenwerte</translation>
    </message>
    <message>
        <source>Memory traffic</source>
        <translation>Speicherverkehr</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>only in B</source>
        <translation>nur in B</translation>
    </message>
    <message>
        <source>only in A</source>
        <translation>nur in A</translation>
    </message>
    <message>
        <source>Only side B has this module.</source>
        <translation>Nur Seite B hat dieses Modul.</translation>
    </message>
    <message>
        <source>Only side A has this module.</source>
        <translation>Nur Seite A hat dieses Modul.</translation>
    </message>
    <message>
        <source>The whole model</source>
        <translation>Das gesamte Modell</translation>
    </message>
    <message>
        <source>%1 identical blocks: the figures are those of one of them.</source>
        <translation>%1 identische Blöcke: Die Werte sind die eines einzelnen davon.</translation>
    </message>
    <message>
        <source>Unknown: no formula gives this figure.</source>
        <translation>Unbekannt: Keine Formel liefert diesen Wert.</translation>
    </message>
    <message>
        <source>B − A = %1</source>
        <translation>B − A = %1</translation>
    </message>
    <message>
        <source>Unknown: a side&apos;s figure is unknown.</source>
        <translation>Unbekannt: Der Wert einer Seite ist unbekannt.</translation>
    </message>
    <message>
        <source>B / A = %1</source>
        <translation>B / A = %1</translation>
    </message>
    <message>
        <source>A is 0: no ratio.</source>
        <translation>A ist 0: kein Verhältnis.</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>B − A</source>
        <translation>B − A</translation>
    </message>
    <message>
        <source>B / A</source>
        <translation>B / A</translation>
    </message>
    <message>
        <source>Modules in the order of named_modules(); a run of identical blocks is one row, with the figures of one block.</source>
        <translation>Module in der Reihenfolge von named_modules(); eine Folge identischer Blöcke ist eine Zeile, mit den Werten eines Blocks.</translation>
    </message>
    <message>
        <source>The module&apos;s class (A | B where the sides differ).</source>
        <translation>Die Klasse des Moduls (A | B, wo sich die Seiten unterscheiden).</translation>
    </message>
    <message>
        <source>%1 of side A, one instance.</source>
        <translation>%1 von Seite A, eine Instanz.</translation>
    </message>
    <message>
        <source>%1 of side B, one instance.</source>
        <translation>%1 von Seite B, eine Instanz.</translation>
    </message>
    <message>
        <source>%1: B minus A, exact while both are integers.</source>
        <translation>%1: B minus A, exakt, solange beide ganzzahlig sind.</translation>
    </message>
    <message>
        <source>%1: B divided by A. Red: B needs more; green: B needs less.</source>
        <translation>%1: B geteilt durch A. Rot: B braucht mehr; grün: B braucht weniger.</translation>
    </message>
    <message>
        <source>(model)</source>
        <translation>(Modell)</translation>
    </message>
    <message>
        <source>Expected time</source>
        <translation>Erwartete Zeit</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::CompareView</name>
    <message>
        <source>Analysing side B…</source>
        <translation>Seite B wird analysiert…</translation>
    </message>
    <message>
        <source>Swap A and B</source>
        <translation>A und B tauschen</translation>
    </message>
    <message>
        <source>Reset B to A</source>
        <translation>B auf A zurücksetzen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Make B the window&apos;s analysis and A side B</source>
        <translation>B zur Analyse des Fensters machen und A zu Seite B</translation>
    </message>
    <message>
        <source>Set side B&apos;s model and settings to side A&apos;s, to change one thing from there</source>
        <translation>Modell und Einstellungen von Seite B auf die von Seite A setzen, um von dort aus eine Sache zu ändern</translation>
    </message>
    <message>
        <source>Write the comparison as HTML, Markdown, CSV, JSON, text or PDF, or the bar chart as PNG or SVG</source>
        <translation>Den Vergleich als HTML, Markdown, CSV, JSON, Text oder PDF schreiben oder das Balkendiagramm als PNG oder SVG</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Side B&lt;/b&gt;</source>
        <translation>&lt;b&gt;Seite B&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Side B&apos;s model: the window&apos;s, a recent one, the built-in catalogue, or a model id, config.json or folder typed here (Enter analyses it).</source>
        <translation>Modell von Seite B: das des Fensters, ein zuletzt verwendetes, eines aus dem eingebauten Katalog oder eine hier eingegebene Modell-ID, config.json oder ein Ordner (Enter analysiert es).</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>&amp;Figures</source>
        <translation>&amp;Werte</translation>
    </message>
    <message>
        <source>C&amp;hart</source>
        <translation>&amp;Diagramm</translation>
    </message>
    <message>
        <source>(none: no time estimates)</source>
        <translation>(keines: keine Zeitschätzungen)</translation>
    </message>
    <message>
        <source>Side B needs a model: choose one or type a model id, a config.json or a folder.</source>
        <translation>Seite B braucht ein Modell: Wählen Sie eines oder geben Sie eine Modell-ID, eine config.json oder einen Ordner ein.</translation>
    </message>
    <message>
        <source>Side B: could not open %1: %2</source>
        <translation>Seite B: %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;A&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt; the window&apos;s analysis (none yet)</source>
        <translation>&lt;b&gt;A&lt;/b&gt; die Analyse des Fensters (noch keine)</translation>
    </message>
    <message>
        <source>&lt;b&gt;B&lt;/b&gt; choose a model and settings on the left</source>
        <translation>&lt;b&gt;B&lt;/b&gt; links ein Modell und Einstellungen wählen</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Matmul FLOPs</source>
        <translation>Matmul-FLOPs</translation>
    </message>
    <message>
        <source>Bytes read</source>
        <translation>Gelesene Bytes</translation>
    </message>
    <message>
        <source>Bytes written</source>
        <translation>Geschriebene Bytes</translation>
    </message>
    <message>
        <source>Intermediates</source>
        <translation>Zwischenwerte</translation>
    </message>
    <message>
        <source>Memory traffic</source>
        <translation>Speicherverkehr</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Weight bytes</source>
        <translation>Gewichtsbytes</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV-Cache</translation>
    </message>
    <message>
        <source>Recurrent state</source>
        <translation>Rekurrenter Zustand</translation>
    </message>
    <message>
        <source>Memory footprint</source>
        <translation>Speicherbedarf</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Unknown: a side&apos;s figure is unknown.</source>
        <translation>Unbekannt: Der Wert einer Seite ist unbekannt.</translation>
    </message>
    <message>
        <source>B − A = %1</source>
        <translation>B − A = %1</translation>
    </message>
    <message>
        <source>Unknown, or A is 0</source>
        <translation>Unbekannt oder A ist 0</translation>
    </message>
    <message>
        <source>B / A = %1</source>
        <translation>B / A = %1</translation>
    </message>
    <message numerus="yes">
        <source>%n other classes</source>
        <translation>
            <numerusform>%n andere Klasse</numerusform>
            <numerusform>%n andere Klassen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (FLOP)</source>
        <translation>%1 (FLOP)</translation>
    </message>
    <message>
        <source>%1 (bytes)</source>
        <translation>%1 (Bytes)</translation>
    </message>
    <message>
        <source>%1 by module class: A against B</source>
        <translation>%1 nach Modulklasse: A gegen B</translation>
    </message>
    <message>
        <source> (time needs a device on both sides)</source>
        <translation> (die Zeit braucht auf beiden Seiten ein Gerät)</translation>
    </message>
    <message>
        <source>only in B</source>
        <translation>nur in B</translation>
    </message>
    <message>
        <source>only in A</source>
        <translation>nur in A</translation>
    </message>
    <message>
        <source>every instance of a module class together; B / A at the end of each pair</source>
        <translation>alle Instanzen einer Modulklasse zusammen; B / A am Ende jedes Paars</translation>
    </message>
    <message>
        <source>Where the work goes, A against B</source>
        <translation>Wohin die Arbeit geht, A gegen B</translation>
    </message>
    <message>
        <source>%1 of every instance of a module class together; the ratio B / A at the end of each pair</source>
        <translation>%1 aller Instanzen einer Modulklasse zusammen; das Verhältnis B / A am Ende jedes Paars</translation>
    </message>
    <message>
        <source>There is no comparison to export yet.</source>
        <translation>Noch kein Vergleich zum Exportieren vorhanden.</translation>
    </message>
    <message>
        <source>%1: unknown file type; use .html, .md, .csv, .json, .txt or .pdf for the comparison, .png or .svg for the chart.</source>
        <translation>%1: unbekannter Dateityp; verwenden Sie .html, .md, .csv, .json, .txt oder .pdf für den Vergleich, .png oder .svg für das Diagramm.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>Vergleich exportieren</translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF document (*.pdf);;Markdown (*.md);;CSV table (*.csv);;JSON (*.json);;Text (*.txt);;Bar chart as PNG image (*.png);;Bar chart as SVG drawing (*.svg)</source>
        <translation>HTML-Seite (*.html);;PDF-Dokument (*.pdf);;Markdown (*.md);;CSV-Tabelle (*.csv);;JSON (*.json);;Text (*.txt);;Balkendiagramm als PNG-Bild (*.png);;Balkendiagramm als SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>prefill</source>
        <translation>Prefill</translation>
    </message>
    <message>
        <source>decode</source>
        <translation>Decode</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>Trainingsschritt</translation>
    </message>
    <message>
        <source>as stored (%1)</source>
        <translation>wie gespeichert (%1)</translation>
    </message>
    <message>
        <source>%1, batch %2, %3 new tokens, %4 cached; weights %5, activations %6, KV cache %7</source>
        <translation>%1, Batch %2, %3 neue Tokens, %4 im Cache; Gewichte %5, Aktivierungen %6, KV-Cache %7</translation>
    </message>
    <message>
        <source>eager attention</source>
        <translation>Eager-Attention</translation>
    </message>
    <message>
        <source>fused attention</source>
        <translation>fusionierte Attention</translation>
    </message>
    <message>
        <source>fused execution</source>
        <translation>fusionierte Ausführung</translation>
    </message>
    <message>
        <source>eager execution</source>
        <translation>Eager-Ausführung</translation>
    </message>
    <message>
        <source>causal half</source>
        <translation>kausal halb</translation>
    </message>
    <message>
        <source>logits of the last position</source>
        <translation>Logits nur der letzten Position</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) of %1x%2</source>
        <translation>
            <numerusform>%n Bild von %1x%2</numerusform>
            <numerusform>%n Bilder von %1x%2</numerusform>
        </translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>%1 new</source>
        <translation>%1 neu</translation>
    </message>
    <message>
        <source>%1 cached</source>
        <translation>%1 im Cache</translation>
    </message>
    <message>
        <source>weights %1</source>
        <translation>Gewichte %1</translation>
    </message>
    <message>
        <source>%1 activations</source>
        <translation>Aktivierungen %1</translation>
    </message>
    <message>
        <source>%1 KV cache</source>
        <translation>KV-Cache %1</translation>
    </message>
    <message>
        <source>causal full</source>
        <translation>kausal voll</translation>
    </message>
    <message>
        <source>last logits</source>
        <translation>letzte Logits</translation>
    </message>
    <message>
        <source>all logits</source>
        <translation>alle Logits</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Bild</numerusform>
            <numerusform>%n Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>no device</source>
        <translation>kein Gerät</translation>
    </message>
    <message>
        <source>%1 (the same)</source>
        <translation>%1 (dasselbe)</translation>
    </message>
    <message>
        <source>%1 weights</source>
        <translation>%1-Gewichte</translation>
    </message>
    <message>
        <source>The figure the tree and the bar chart compare. Memory traffic counts reads, writes and each intermediate twice; time is the expected time (the roofline bound with the time model&apos;s efficiencies and launch costs).</source>
        <translation>Die Kennzahl, die Baum und Balkendiagramm vergleichen. Der Speicherverkehr zählt Lese- und Schreibzugriffe und jeden Zwischenwert doppelt; Zeit ist die erwartete Zeit (die Roofline-Schranke mit den Effizienzen und Startkosten des Zeitmodells).</translation>
    </message>
    <message>
        <source>Expected time</source>
        <translation>Erwartete Zeit</translation>
    </message>
    <message>
        <source>Expected time (%1)</source>
        <translation>Erwartete Zeit (%1)</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::FormulaEditor</name>
    <message>
        <source>New entry…</source>
        <translation>Neuer Eintrag…</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Start a database entry for this module&apos;s class</source>
        <translation>Einen Datenbankeintrag für die Klasse dieses Moduls anlegen</translation>
    </message>
    <message>
        <source>Click an error to put the cursor on it</source>
        <translation>Auf einen Fehler klicken, um den Cursor dorthin zu setzen</translation>
    </message>
    <message>
        <source>Breakdown item</source>
        <translation>Aufschlüsselungsposten</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Aufruf</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>Memo</translation>
    </message>
    <message>
        <source>&quot;memo&quot;: an identical call earlier in this evaluation answered it; its calls are not repeated</source>
        <translation>„memo“: ein identischer Aufruf weiter vorn in dieser Auswertung hat ihn beantwortet; seine Aufrufe werden nicht wiederholt</translation>
    </message>
    <message>
        <source>Store the edited templates as a new revision of the entry (pending review)</source>
        <translation>Die bearbeiteten Vorlagen als neue Revision des Eintrags speichern (Prüfung ausstehend)</translation>
    </message>
    <message>
        <source>Drop the edits that were not applied</source>
        <translation>Nicht angewendete Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Ctrl+Space completes</source>
        <translation>Ctrl+Space vervollständigt</translation>
    </message>
    <message>
        <source>Select a module to see and edit its formulas.</source>
        <translation>Ein Modul auswählen, um seine Formeln zu sehen und zu bearbeiten.</translation>
    </message>
    <message>
        <source>Add template</source>
        <translation>Vorlage hinzufügen</translation>
    </message>
    <message>
        <source>This entry has no %1: the figure is unknown (not 0). Add a template to give it.</source>
        <translation>Diesem Eintrag fehlt %1: Der Wert ist unbekannt (nicht 0). Eine Vorlage hinzufügen, um ihn festzulegen.</translation>
    </message>
    <message>
        <source>Matmul</source>
        <translation>Matmul</translation>
    </message>
    <message>
        <source>Reads</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Writes</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>Intermediates</source>
        <translation>Zwischenwerte</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>flop_analysis.breakdown.%1: one item of the FLOPs</source>
        <translation>flop_analysis.breakdown.%1: ein Posten der FLOPs</translation>
    </message>
    <message>
        <source>No analysis to evaluate on.</source>
        <translation>Keine Analyse zum Auswerten.</translation>
    </message>
    <message>
        <source>On %1: %2; other names from the analysis context.</source>
        <translation>Für %1: %2; übrige Namen aus dem Analysekontext.</translation>
    </message>
    <message>
        <source>the selected module</source>
        <translation>das ausgewählte Modul</translation>
    </message>
    <message>
        <source>nothing bound</source>
        <translation>nichts gebunden</translation>
    </message>
    <message>
        <source>The selected module is a %1, not of this entry&apos;s class: evaluated on the analysis context alone.</source>
        <translation>Das ausgewählte Modul ist ein %1, nicht von der Klasse dieses Eintrags: nur mit dem Analysekontext ausgewertet.</translation>
    </message>
    <message>
        <source>No module of this class is selected: evaluated on the analysis context alone.</source>
        <translation>Kein Modul dieser Klasse ausgewählt: nur mit dem Analysekontext ausgewertet.</translation>
    </message>
    <message>
        <source>Unbound: %1.</source>
        <translation>Ungebunden: %1.</translation>
    </message>
    <message>
        <source>Analysis context: %1</source>
        <translation>Analysekontext: %1</translation>
    </message>
    <message>
        <source>unknown: the entry has no %1</source>
        <translation>unbekannt: Dem Eintrag fehlt %1</translation>
    </message>
    <message>
        <source>no value: the template has an error</source>
        <translation>kein Wert: Die Vorlage hat einen Fehler</translation>
    </message>
    <message>
        <source>no value: the template has %1 errors</source>
        <translation>kein Wert: Die Vorlage hat %1 Fehler</translation>
    </message>
    <message>
        <source>no value: no analysis to evaluate on</source>
        <translation>kein Wert: keine Analyse zum Auswerten</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>FLOP</source>
        <translation>FLOP</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>(a real number)</source>
        <translation>(eine reelle Zahl)</translation>
    </message>
    <message>
        <source>this template</source>
        <translation>diese Vorlage</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>memo</source>
        <translation>memo</translation>
    </message>
    <message>
        <source>answered by an identical call earlier in this evaluation</source>
        <translation>von einem identischen Aufruf weiter vorn in dieser Auswertung beantwortet</translation>
    </message>
    <message>
        <source>no value</source>
        <translation>kein Wert</translation>
    </message>
    <message>
        <source>Σ breakdown: no value for %1</source>
        <translation>Σ Aufschlüsselung: kein Wert für %1</translation>
    </message>
    <message>
        <source>Σ breakdown: the sum overflows</source>
        <translation>Σ Aufschlüsselung: Die Summe läuft über</translation>
    </message>
    <message>
        <source>Σ breakdown = %1; formula_template has no value</source>
        <translation>Σ Aufschlüsselung = %1; formula_template hat keinen Wert</translation>
    </message>
    <message>
        <source>Σ breakdown = %1 = formula_template ✓</source>
        <translation>Σ Aufschlüsselung = %1 = formula_template ✓</translation>
    </message>
    <message>
        <source>Σ breakdown = %1 ≠ formula_template %2 (difference %3)</source>
        <translation>Σ Aufschlüsselung = %1 ≠ formula_template %2 (Differenz %3)</translation>
    </message>
    <message>
        <source>(the model)</source>
        <translation>(das Modell)</translation>
    </message>
    <message>
        <source>No module selected</source>
        <translation>Kein Modul ausgewählt</translation>
    </message>
    <message>
        <source>validated</source>
        <translation>validiert</translation>
    </message>
    <message>
        <source>pending: not reviewed</source>
        <translation>ausstehend: nicht geprüft</translation>
    </message>
    <message>
        <source>needs changes: not reviewed</source>
        <translation>Änderungen nötig: nicht geprüft</translation>
    </message>
    <message>
        <source>rejected: the analysis does not use it</source>
        <translation>abgelehnt: Die Analyse verwendet ihn nicht</translation>
    </message>
    <message>
        <source>Entry %1 · %2</source>
        <translation>Eintrag %1 · %2</translation>
    </message>
    <message>
        <source>Fix the errors first: a template with errors cannot be applied</source>
        <translation>Zuerst die Fehler beheben: Eine Vorlage mit Fehlern kann nicht angewendet werden</translation>
    </message>
    <message>
        <source>parameter of this entry</source>
        <translation>Parameter dieses Eintrags</translation>
    </message>
    <message>
        <source>parameter of this entry, = %1 here</source>
        <translation>Parameter dieses Eintrags, hier = %1</translation>
    </message>
    <message>
        <source>parameter of %1</source>
        <translation>Parameter von %1</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::FormulaLexer</name>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Module call</source>
        <translation>Modulaufruf</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>Argument name</source>
        <translation>Argumentname</translation>
    </message>
    <message>
        <source>Parenthesis or comma</source>
        <translation>Klammer oder Komma</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::GenerationView</name>
    <message>
        <source>Tokens in the prompt: the prefill that produces the first output token</source>
        <translation>Tokens im Prompt: der Prefill, der das erste Ausgabe-Token erzeugt</translation>
    </message>
    <message>
        <source>Output tokens per sequence, the first one included</source>
        <translation>Ausgabe-Tokens pro Sequenz, das erste eingeschlossen</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>Output tokens:</source>
        <translation>Ausgabe-Tokens:</translation>
    </message>
    <message>
        <source>output token</source>
        <translation>Ausgabe-Token</translation>
    </message>
    <message>
        <source>step time (ms)</source>
        <translation>Schrittzeit (ms)</translation>
    </message>
    <message>
        <source>memory footprint (GB)</source>
        <translation>Speicherbedarf (GB)</translation>
    </message>
    <message>
        <source>Open a model to see how long serving it takes.</source>
        <translation>Ein Modell öffnen, um zu sehen, wie lange die Inferenz damit dauert.</translation>
    </message>
    <message>
        <source>Choose a device to see the time to first token and the time per output token.</source>
        <translation>Ein Gerät wählen, um die Zeit bis zum ersten Token und die Zeit pro Ausgabe-Token zu sehen.</translation>
    </message>
    <message>
        <source>Generation is for inference: choose prefill or decode.</source>
        <translation>Generierung gilt für Inferenz: Prefill oder Decode wählen.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>erwartet</translation>
    </message>
    <message>
        <source>bound</source>
        <translation>Schranke</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Zeit bis zum ersten Token</translation>
    </message>
    <message>
        <source>Time per output token</source>
        <translation>Zeit pro Ausgabe-Token</translation>
    </message>
    <message>
        <source>  first / last step</source>
        <translation>  erster / letzter Schritt</translation>
    </message>
    <message>
        <source>End-to-end</source>
        <translation>End-to-End</translation>
    </message>
    <message>
        <source>Output tokens/s</source>
        <translation>Ausgabe-Tokens/s</translation>
    </message>
    <message>
        <source>Decode tokens/s</source>
        <translation>Decode-Tokens/s</translation>
    </message>
    <message>
        <source>KV cache at the end</source>
        <translation>KV-Cache am Ende</translation>
    </message>
    <message>
        <source>Footprint at the end</source>
        <translation>Speicherbedarf am Ende</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>von %1</translation>
    </message>
    <message>
        <source>Memory full at</source>
        <translation>Speicher voll bei</translation>
    </message>
    <message>
        <source>%L1 tokens</source>
        <translation>%L1 Tokens</translation>
    </message>
    <message>
        <source>%1 execution on %2;&lt;br&gt;%3.</source>
        <translation>%1 auf %2;&lt;br&gt;%3.</translation>
    </message>
    <message>
        <source>Fused</source>
        <translation>Fusionierte Ausführung</translation>
    </message>
    <message>
        <source>Eager</source>
        <translation>Eager-Ausführung</translation>
    </message>
    <message>
        <source>efficiencies fitted to measured kernels</source>
        <translation>Effizienzen an gemessene Kernels angepasst</translation>
    </message>
    <message>
        <source>default efficiencies, not measured on this device</source>
        <translation>Standard-Effizienzen, nicht auf diesem Gerät gemessen</translation>
    </message>
    <message>
        <source>%1 decode steps analysed, the others interpolated.</source>
        <translation>%1 Decode-Schritte analysiert, die übrigen interpoliert.</translation>
    </message>
    <message>
        <source>The footprint exceeds the device&apos;s memory.</source>
        <translation>Der Speicherbedarf übersteigt den Speicher des Geräts.</translation>
    </message>
    <message>
        <source>expected step time</source>
        <translation>erwartete Schrittzeit</translation>
    </message>
    <message>
        <source>roofline bound</source>
        <translation>Roofline-Schranke</translation>
    </message>
    <message>
        <source>footprint</source>
        <translation>Speicherbedarf</translation>
    </message>
    <message>
        <source>device memory %1</source>
        <translation>Gerätespeicher %1</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::HistoryView</name>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>integriert</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Select a revision to see what it changed, or two rows to compare them</source>
        <translation>Eine Revision auswählen, um ihre Änderungen zu sehen, oder zwei Zeilen, um sie zu vergleichen</translation>
    </message>
    <message>
        <source>No entry selected.</source>
        <translation>Kein Eintrag ausgewählt.</translation>
    </message>
    <message>
        <source>No entry %1 in the database.</source>
        <translation>Kein Eintrag %1 in der Datenbank.</translation>
    </message>
    <message>
        <source>%1 revision %2</source>
        <translation>Revision %2 (%1)</translation>
    </message>
    <message>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>the entry as it is now</source>
        <translation>der Eintrag im jetzigen Zustand</translation>
    </message>
    <message>
        <source>current entry</source>
        <translation>aktueller Eintrag</translation>
    </message>
    <message>
        <source>Select a revision to see what it changed, or two to compare them.</source>
        <translation>Eine Revision auswählen, um ihre Änderungen zu sehen, oder zwei, um sie zu vergleichen.</translation>
    </message>
    <message>
        <source>current %1 entry</source>
        <translation>aktueller Eintrag (%1)</translation>
    </message>
    <message>
        <source>%1 entry before its first revision</source>
        <translation>Eintrag (%1) vor seiner ersten Revision</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>No diff: %1</source>
        <translation>Kein Diff: %1</translation>
    </message>
    <message>
        <source> (no changes)</source>
        <translation> (keine Änderungen)</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::MarkdownView</name>
    <message>
        <source>[The text is %1 KB: its first %2 KB are shown, as plain text.]</source>
        <translation>[Der Text ist %1 KB groß: Die ersten %2 KB werden als reiner Text angezeigt.]</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[Bild]</translation>
    </message>
    <message>
        <source>[image: %1]</source>
        <translation>[Bild: %1]</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ModelBrowserDialog</name>
    <message>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>The model id; the cached copy&apos;s folder in the tooltip</source>
        <translation>Die Modell-ID; der Ordner der zwischengespeicherten Kopie im Tooltip</translation>
    </message>
    <message>
        <source>architectures[0] of the config: the class that selects the architecture definition</source>
        <translation>architectures[0] der Konfiguration: die Klasse, die die Architekturdefinition auswählt</translation>
    </message>
    <message>
        <source>model_type of the config</source>
        <translation>model_type der Konfiguration</translation>
    </message>
    <message>
        <source>The snapshot of the Hugging Face cache: the one refs/main names</source>
        <translation>Der Snapshot im Hugging-Face-Cache: derjenige, den refs/main benennt</translation>
    </message>
    <message>
        <source>Size of the snapshot&apos;s safetensors files, when downloaded</source>
        <translation>Größe der safetensors-Dateien des Snapshots, falls heruntergeladen</translation>
    </message>
    <message>
        <source>Filter by id, architecture or type</source>
        <translation>Nach ID, Architektur oder Typ filtern</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Read the Hugging Face cache again</source>
        <translation>Hugging-Face-Cache neu einlesen</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Published configs built into LM-Predictor, and the models downloaded into the local Hugging Face cache. Only config.json is read: nothing is downloaded or loaded.</source>
        <translation>In LM-Predictor integrierte veröffentlichte Konfigurationen und die in den lokalen Hugging-Face-Cache heruntergeladenen Modelle. Nur config.json wird gelesen: Es wird nichts heruntergeladen oder geladen.</translation>
    </message>
    <message>
        <source>Built-in catalogue</source>
        <translation>Integrierter Katalog</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n Modell</numerusform>
            <numerusform>%n Modelle</numerusform>
        </translation>
    </message>
    <message>
        <source>Published config.json files shipped with LM-Predictor; they open offline</source>
        <translation>Mit LM-Predictor ausgelieferte veröffentlichte config.json-Dateien; sie lassen sich offline öffnen</translation>
    </message>
    <message>
        <source>The config only: the built-in catalogue holds no weights</source>
        <translation>Nur die Konfiguration: Der integrierte Katalog enthält keine Gewichte</translation>
    </message>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging-Face-Cache</translation>
    </message>
    <message>
        <source>Searched: %1</source>
        <translation>Durchsucht: %1</translation>
    </message>
    <message>
        <source>unreadable config</source>
        <translation>unlesbare Konfiguration</translation>
    </message>
    <message>
        <source>config only</source>
        <translation>nur Konfiguration</translation>
    </message>
    <message>
        <source>The config.json cannot be parsed or names no architecture; opening it shows why</source>
        <translation>Die config.json lässt sich nicht parsen oder nennt keine Architektur; beim Öffnen wird der Grund angezeigt</translation>
    </message>
    <message>
        <source>No safetensors files in this snapshot</source>
        <translation>Keine safetensors-Dateien in diesem Snapshot</translation>
    </message>
    <message>
        <source>No Hugging Face cache folder to search</source>
        <translation>Kein Hugging-Face-Cache-Ordner zum Durchsuchen</translation>
    </message>
    <message>
        <source>No models with a config.json in %1</source>
        <translation>Keine Modelle mit config.json in %1</translation>
    </message>
    <message>
        <source>Set HF_HUB_CACHE or HF_HOME to search another folder</source>
        <translation>HF_HUB_CACHE oder HF_HOME setzen, um einen anderen Ordner zu durchsuchen</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ModuleTreeModel</name>
    <message>
        <source>(model)</source>
        <translation>(Modell)</translation>
    </message>
    <message>
        <source>compute</source>
        <translation>Rechenleistung</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source> (%1 instances)</source>
        <translation> (%1 Instanzen)</translation>
    </message>
    <message>
        <source>No database entry: the figures are the sum of its modules.</source>
        <translation>Kein Datenbankeintrag: Die Werte sind die Summe seiner Module.</translation>
    </message>
    <message>
        <source>Some modules inside could not be evaluated; their work is missing.</source>
        <translation>Einige enthaltene Module konnten nicht ausgewertet werden; ihr Aufwand fehlt.</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>%1 each</source>
        <translation>je %1</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>bytes of weights in %1</source>
        <translation>Bytes an Gewichten in %1</translation>
    </message>
    <message>
        <source>Choose a device to estimate time.</source>
        <translation>Ein Gerät wählen, um die Zeit abzuschätzen.</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>FLOPs (self)</source>
        <translation>FLOPs (eigen)</translation>
    </message>
    <message>
        <source>Matmul (self)</source>
        <translation>Matmul (eigen)</translation>
    </message>
    <message>
        <source>Matmul</source>
        <translation>Matmul</translation>
    </message>
    <message>
        <source>Reads (B)</source>
        <translation>Gelesen (B)</translation>
    </message>
    <message>
        <source>Writes (B)</source>
        <translation>Geschrieben (B)</translation>
    </message>
    <message>
        <source>Intermediates (B)</source>
        <translation>Zwischenwerte (B)</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Weights (B)</source>
        <translation>Gewichte (B)</translation>
    </message>
    <message>
        <source>FLOP/B</source>
        <translation>FLOP/B</translation>
    </message>
    <message>
        <source>Bound</source>
        <translation>Begrenzt durch</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>The module&apos;s attribute name, as named_modules() lists it. A run of identical blocks is one row (×N) holding their total; expand it to see each instance.</source>
        <translation>Der Attributname des Moduls, wie named_modules() ihn auflistet. Eine Folge identischer Blöcke ist eine Zeile (×N) mit ihrer Summe; aufklappen, um jede Instanz zu sehen.</translation>
    </message>
    <message>
        <source>The module&apos;s class (full path in the tooltip).</source>
        <translation>Die Klasse des Moduls (vollständiger Pfad im Tooltip).</translation>
    </message>
    <message>
        <source>Floating-point operations: a multiply-add counts 2, as torch.utils.flop_counter counts.</source>
        <translation>Gleitkommaoperationen: Ein Multiply-Add zählt 2, wie bei torch.utils.flop_counter.</translation>
    </message>
    <message>
        <source>The FLOPs of matrix multiplications (run on the matrix units).</source>
        <translation>Die FLOPs der Matrixmultiplikationen (laufen auf den Matrixeinheiten).</translation>
    </message>
    <message>
        <source>Bytes read from device memory: weights, inputs, KV cache.</source>
        <translation>Aus dem Gerätespeicher gelesene Bytes: Gewichte, Eingaben, KV-Cache.</translation>
    </message>
    <message>
        <source>Bytes written to device memory: outputs, KV cache updates.</source>
        <translation>In den Gerätespeicher geschriebene Bytes: Ausgaben, KV-Cache-Aktualisierungen.</translation>
    </message>
    <message>
        <source>Bytes of temporary tensors written and read back inside the module.</source>
        <translation>Bytes temporärer Tensoren, die innerhalb des Moduls geschrieben und wieder gelesen werden.</translation>
    </message>
    <message>
        <source>Parameters (tied weights counted once).</source>
        <translation>Parameter (geteilte Gewichte einmal gezählt).</translation>
    </message>
    <message>
        <source>Parameters times the bytes per weight of the chosen weight dtype.</source>
        <translation>Parameter mal Bytes pro Gewicht des gewählten Gewichts-Datentyps.</translation>
    </message>
    <message>
        <source>Arithmetic intensity: FLOPs per byte of memory traffic (reads + writes + twice the intermediates).</source>
        <translation>Arithmetische Intensität: FLOPs pro Byte Speichertransfer (gelesen + geschrieben + zweimal die Zwischenwerte).</translation>
    </message>
    <message>
        <source>Which roof limits the module on the chosen device: compute or memory bandwidth.</source>
        <translation>Welches Dach das Modul auf dem gewählten Gerät begrenzt: Rechenleistung oder Speicherbandbreite.</translation>
    </message>
    <message>
        <source>Share of the model&apos;s total time (of its FLOPs without a device).</source>
        <translation>Anteil an der Gesamtzeit des Modells (ohne Gerät: an seinen FLOPs).</translation>
    </message>
    <message>
        <source>validated</source>
        <translation>validiert</translation>
    </message>
    <message>
        <source>validated, calls unreviewed</source>
        <translation>validiert, Aufrufe ungeprüft</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>needs changes</source>
        <translation>Änderungen nötig</translation>
    </message>
    <message>
        <source>not used: %1</source>
        <translation>nicht verwendet: %1</translation>
    </message>
    <message>
        <source>(unreviewed inside)</source>
        <translation>(enthält Ungeprüftes)</translation>
    </message>
    <message>
        <source>Uses unreviewed formulas: %1</source>
        <translation>Verwendet ungeprüfte Formeln: %1</translation>
    </message>
    <message>
        <source>Its figures use formulas nobody has validated yet: %1</source>
        <translation>Seine Werte verwenden Formeln, die noch niemand validiert hat: %1</translation>
    </message>
    <message>
        <source>Some modules inside use formulas nobody has validated yet.</source>
        <translation>Einige enthaltene Module verwenden Formeln, die noch niemand validiert hat.</translation>
    </message>
    <message>
        <source>Its formulas were reviewed and validated.</source>
        <translation>Seine Formeln wurden geprüft und validiert.</translation>
    </message>
    <message>
        <source>bytes of weights at the checkpoint&apos;s %1 bytes per parameter on average (%2)</source>
        <translation>Bytes an Gewichten bei durchschnittlich %1 Bytes pro Parameter im Checkpoint (%2)</translation>
    </message>
    <message>
        <source>%1 s expected on %2 (%3 execution)</source>
        <translation>%1 s erwartet auf %2 (Ausführung: %3)</translation>
    </message>
    <message>
        <source>fused</source>
        <translation>fusioniert</translation>
    </message>
    <message>
        <source>eager</source>
        <translation>eager</translation>
    </message>
    <message>
        <source>%1 s roofline bound on %2: no kernel runs faster</source>
        <translation>%1 s Roofline-Schranke auf %2: Kein Kernel läuft schneller</translation>
    </message>
    <message>
        <source>Bound time</source>
        <translation>Zeitschranke</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Expected time: every kernel at the efficiency measured kernels reach on the device, with a floor and a launch cost per kernel, in the chosen execution model (eager or fused).</source>
        <translation>Erwartete Zeit: jeder Kernel mit der Effizienz, die gemessene Kernels auf dem Gerät erreichen, mit einer Untergrenze und Startkosten pro Kernel, im gewählten Ausführungsmodell (eager oder fusioniert).</translation>
    </message>
    <message>
        <source>Roofline bound: max(matmul FLOPs / matrix peak + other FLOPs / vector peak, bytes / bandwidth) at the datasheet&apos;s peaks, summed over the kernels: no measurement is below it.</source>
        <translation>Roofline-Schranke: max(Matmul-FLOPs / Matrix-Spitzenwert + übrige FLOPs / Vektor-Spitzenwert, Bytes / Bandbreite) bei den Spitzenwerten laut Datenblatt, summiert über die Kernels: Keine Messung liegt darunter.</translation>
    </message>
    <message>
        <source>The review status of the module&apos;s database entry. Pending and needs-changes formulas are used and marked; rejected ones are never used.</source>
        <translation>Der Prüfstatus des Datenbankeintrags des Moduls. Ausstehende Formeln und solche mit nötigen Änderungen werden verwendet und markiert; abgelehnte werden nie verwendet.</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ReviewModel</name>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Needs changes</source>
        <translation>Änderungen nötig</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validiert</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Ungültig</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>integriert</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Schlüssel: %1</translation>
    </message>
    <message>
        <source>A user entry that overrides the built-in one</source>
        <translation>Ein Benutzereintrag, der den integrierten überschreibt</translation>
    </message>
    <message>
        <source>A user entry (not in the built-in database)</source>
        <translation>Ein Benutzereintrag (nicht in der integrierten Datenbank)</translation>
    </message>
    <message>
        <source>Reviewed by %1 on %2</source>
        <translation>Geprüft von %1 am %2</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Notizen: %1</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>Validator</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ReviewPane</name>
    <message>
        <source>    (none: unknown)
</source>
        <translation>    (keine: unbekannt)
</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>FLOP parameters: %1

</source>
        <translation>FLOP-Parameter: %1

</translation>
    </message>
    <message>
        <source>Memory parameters: %1

</source>
        <translation>Speicherparameter: %1

</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Select an entry to review it.</source>
        <translation>Einen Eintrag zum Prüfen auswählen.</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Mark the entry validated; A in the list</source>
        <translation>Eintrag als validiert markieren; A in der Liste</translation>
    </message>
    <message>
        <source>Request &amp;Changes</source>
        <translation>Än&amp;derungen anfordern</translation>
    </message>
    <message>
        <source>Send the entry back for changes; C in the list</source>
        <translation>Eintrag zur Überarbeitung zurückgeben; C in der Liste</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>Reject the entry; R in the list</source>
        <translation>Eintrag ablehnen; R in der Liste</translation>
    </message>
    <message>
        <source>&amp;Next Pending Entry</source>
        <translation>&amp;Nächster ausstehender Eintrag</translation>
    </message>
    <message>
        <source>Select the next pending entry; J in the list</source>
        <translation>Nächsten ausstehenden Eintrag auswählen; J in der Liste</translation>
    </message>
    <message>
        <source>&amp;Previous Pending Entry</source>
        <translation>&amp;Vorheriger ausstehender Eintrag</translation>
    </message>
    <message>
        <source>Select the previous pending entry; K in the list</source>
        <translation>Vorherigen ausstehenden Eintrag auswählen; K in der Liste</translation>
    </message>
    <message>
        <source>Review &amp;Notes</source>
        <translation>Prüfungsnoti&amp;zen</translation>
    </message>
    <message>
        <source>Write the review&apos;s notes; N in the list</source>
        <translation>Notizen zur Prüfung schreiben; N in der Liste</translation>
    </message>
    <message>
        <source>Filter modules (/)</source>
        <translation>Module filtern (/)</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>integriert</translation>
    </message>
    <message>
        <source>Your name (required)</source>
        <translation>Ihr Name (erforderlich)</translation>
    </message>
    <message>
        <source>Notes for the entry&apos;s history (Ctrl+Shift+N)</source>
        <translation>Notizen für den Verlauf des Eintrags (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Re&amp;viewer:</source>
        <translation>&amp;Prüfer:</translation>
    </message>
    <message>
        <source>Source Code</source>
        <translation>Quellcode</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Thinking Process</source>
        <translation>Denkprozess</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kontrolle</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Kontrollen</translation>
    </message>
    <message>
        <source>Breakdown on the Model</source>
        <translation>Aufschlüsselung am Modell</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>Meine behalten</translation>
    </message>
    <message>
        <source>Keep the entries as they are here; the next save overwrites the file</source>
        <translation>Die Einträge so behalten, wie sie hier sind; das nächste Speichern überschreibt die Datei</translation>
    </message>
    <message>
        <source>No database entry for %1.</source>
        <translation>Kein Datenbankeintrag für %1.</translation>
    </message>
    <message>
        <source>The entry %1 is no longer in the database.</source>
        <translation>Der Eintrag %1 ist nicht mehr in der Datenbank.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>user entry (overrides the built-in one)</source>
        <translation>Benutzereintrag (überschreibt den integrierten)</translation>
    </message>
    <message>
        <source>user entry</source>
        <translation>Benutzereintrag</translation>
    </message>
    <message>
        <source>built-in entry</source>
        <translation>integrierter Eintrag</translation>
    </message>
    <message>
        <source> · reviewed by %1 on %2</source>
        <translation> · geprüft von %1, Datum: %2</translation>
    </message>
    <message>
        <source>an unknown date</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Notizen: %1</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>Instanzen</translation>
    </message>
    <message>
        <source>Sum = total</source>
        <translation>Summe = Gesamt</translation>
    </message>
    <message>
        <source>Total (formula_template)</source>
        <translation>Gesamt (formula_template)</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>The breakdown sums to the total</source>
        <translation>Die Aufschlüsselung ergibt in Summe den Gesamtwert</translation>
    </message>
    <message>
        <source>The breakdown does not sum to the total</source>
        <translation>Die Aufschlüsselung ergibt in Summe nicht den Gesamtwert</translation>
    </message>
    <message>
        <source>The entry has no breakdown</source>
        <translation>Der Eintrag hat keine Aufschlüsselung</translation>
    </message>
    <message>
        <source>The breakdown or the total does not evaluate</source>
        <translation>Aufschlüsselung oder Gesamtwert lässt sich nicht auswerten</translation>
    </message>
    <message>
        <source>Bound on the module: %1
Everything else from the analysis: %2</source>
        <translation>An das Modul gebunden: %1
Alles Übrige aus der Analyse: %2</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>%1 on %2: %3 %4 of this class (FLOPs of one instance each; %5 phase, batch %6, %7 tokens)</source>
        <translation>%1 auf %2: %3 %4 dieser Klasse (FLOPs je einer Instanz; Phase %5, Batch %6, %7 Tokens)</translation>
    </message>
    <message>
        <source>module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>modules</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>; the training step counts three times these forward figures</source>
        <translation>; der Trainingsschritt zählt das Dreifache dieser Forward-Werte</translation>
    </message>
    <message>
        <source>. The entry has no breakdown.</source>
        <translation>. Der Eintrag hat keine Aufschlüsselung.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Database entry</source>
        <translation>Datenbankeintrag</translation>
    </message>
    <message>
        <source>On the model</source>
        <translation>Am Modell</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>All %1 checks pass.</source>
        <translation>Alle %1 Kontrollen bestanden.</translation>
    </message>
    <message>
        <source>%1 of %2 checks fail: see Checks.</source>
        <translation>%1 von %2 Kontrollen fehlgeschlagen: siehe Kontrollen.</translation>
    </message>
    <message>
        <source>Looking for the source of %1…</source>
        <translation>Quellcode von %1 wird gesucht…</translation>
    </message>
    <message>
        <source>Select an entry to review first.</source>
        <translation>Zuerst einen Eintrag zum Prüfen auswählen.</translation>
    </message>
    <message>
        <source>Enter your name as the reviewer first: every review records who made it.</source>
        <translation>Zuerst Ihren Namen als Prüfer eingeben: Jede Prüfung hält fest, wer sie vorgenommen hat.</translation>
    </message>
    <message>
        <source>Not reviewed: %1</source>
        <translation>Nicht geprüft: %1</translation>
    </message>
    <message>
        <source>%1: %2 by %3. Undo takes it back.</source>
        <translation>%1: %2 von %3. Mit „Rückgängig“ widerrufbar.</translation>
    </message>
    <message>
        <source>No pending entry after this one.</source>
        <translation>Kein ausstehender Eintrag nach diesem.</translation>
    </message>
    <message>
        <source>No pending entry before this one.</source>
        <translation>Kein ausstehender Eintrag vor diesem.</translation>
    </message>
    <message>
        <source>The database file was changed by another program.</source>
        <translation>Die Datenbankdatei wurde von einem anderen Programm geändert.</translation>
    </message>
    <message>
        <source>The file could not be read again; nothing changed: %1</source>
        <translation>Die Datei konnte nicht erneut gelesen werden; nichts wurde geändert: %1</translation>
    </message>
    <message>
        <source>Reloaded %1.</source>
        <translation>%1 neu geladen.</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::RooflinePlot</name>
    <message>
        <source>Arithmetic intensity (FLOP/byte)</source>
        <translation>Arithmetische Intensität (FLOP/Byte)</translation>
    </message>
    <message>
        <source>Performance (FLOP/s)</source>
        <translation>Leistung (FLOP/s)</translation>
    </message>
    <message>
        <source>Roofline: %1</source>
        <translation>Roofline: %1</translation>
    </message>
    <message>
        <source>Roofline</source>
        <translation>Roofline</translation>
    </message>
    <message>
        <source>No analysis yet.</source>
        <translation>Noch keine Analyse.</translation>
    </message>
    <message>
        <source>No hardware profile selected.
Choose a device to see the roofline.</source>
        <translation>Kein Hardwareprofil ausgewählt.
Ein Gerät wählen, um die Roofline zu sehen.</translation>
    </message>
    <message>
        <source>%1 publishes no compute peaks (or no bandwidth),
so it has no roofline.</source>
        <translation>%1 veröffentlicht keine Rechen-Spitzenwerte (oder keine Bandbreite),
daher gibt es keine Roofline.</translation>
    </message>
    <message>
        <source>other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <source>Matrix roof %1 (%2)</source>
        <translation>Matrix-Dach %1 (%2)</translation>
    </message>
    <message>
        <source>Vector roof %1</source>
        <translation>Vektor-Dach %1</translation>
    </message>
    <message>
        <source>ridge %1 FLOP/B</source>
        <translation>Knickpunkt %1 FLOP/B</translation>
    </message>
    <message>
        <source>(model)</source>
        <translation>(Modell)</translation>
    </message>
    <message>
        <source>%1 (first of %2 instances)</source>
        <translation>%1 (erste von %2 Instanzen)</translation>
    </message>
    <message>
        <source>Own work only (its children are separate points)</source>
        <translation>Nur eigener Aufwand (Kindmodule sind eigene Punkte)</translation>
    </message>
    <message>
        <source>Per instance: %1, %2 of traffic</source>
        <translation>Pro Instanz: %1, %2 Speichertransfer</translation>
    </message>
    <message>
        <source>Intensity: %1 FLOP/B</source>
        <translation>Intensität: %1 FLOP/B</translation>
    </message>
    <message>
        <source>Attained: %1</source>
        <translation>Erreicht: %1</translation>
    </message>
    <message>
        <source>Time: %1 per instance, %2 for all</source>
        <translation>Zeit: %1 pro Instanz, %2 für alle</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>Zeit: %1</translation>
    </message>
    <message>
        <source>Compute-bound</source>
        <translation>Rechengebunden</translation>
    </message>
    <message>
        <source>Memory-bound</source>
        <translation>Speichergebunden</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::SettingsPanel</name>
    <message>
        <source>Skip masked blocks (half)</source>
        <translation>Maskierte Blöcke überspringen (halb)</translation>
    </message>
    <message>
        <source>Last position only</source>
        <translation>Nur letzte Position</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>Prefill</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>Decode</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>Trainingsschritt</translation>
    </message>
    <message>
        <source>Prefill: the prompt in one forward pass. Decode: new tokens on a KV cache of past tokens. Training step: forward and backward.</source>
        <translation>Prefill: der Prompt in einem Forward-Durchlauf. Decode: neue Tokens auf einem KV-Cache früherer Tokens. Trainingsschritt: Forward und Backward.</translation>
    </message>
    <message>
        <source>Sequences processed together (B).</source>
        <translation>Gemeinsam verarbeitete Sequenzen (B).</translation>
    </message>
    <message>
        <source>New tokens per sequence in this step (S); a decode step usually has 1.</source>
        <translation>Neue Tokens pro Sequenz in diesem Schritt (S); ein Decode-Schritt hat meist 1.</translation>
    </message>
    <message>
        <source>Activation dtype: bytes per activation and which compute peak applies.</source>
        <translation>Datentyp der Aktivierungen: Bytes pro Aktivierung und welcher Rechen-Spitzenwert gilt.</translation>
    </message>
    <message>
        <source>Bytes per KV-cache element.</source>
        <translation>Bytes pro KV-Cache-Element.</translation>
    </message>
    <message>
        <source>SDPA / flash (fused)</source>
        <translation>SDPA / flash (fusioniert)</translation>
    </message>
    <message>
        <source>Eager (scores in memory)</source>
        <translation>Eager (Scores im Speicher)</translation>
    </message>
    <message>
        <source>Eager attention writes the score matrix to memory; SDPA and flash kernels, transformers&apos; default, do not.</source>
        <translation>Eager-Attention schreibt die Score-Matrix in den Speicher; SDPA- und Flash-Kernels, der Standard von transformers, tun das nicht.</translation>
    </message>
    <message>
        <source>Count causal attention as fused kernels run it, skipping the masked half; off: the full score matrix, as torch.utils.flop_counter counts it.</source>
        <translation>Kausale Attention so zählen, wie fusionierte Kernels sie ausführen, also ohne die maskierte Hälfte; aus: die volle Score-Matrix, wie torch.utils.flop_counter sie zählt.</translation>
    </message>
    <message>
        <source>Generation computes the LM head on the last position only.</source>
        <translation>Die Generierung berechnet den LM-Head nur an der letzten Position.</translation>
    </message>
    <message>
        <source>The device whose roofline gives the time estimates.</source>
        <translation>Das Gerät, dessen Roofline die Zeitschätzungen liefert.</translation>
    </message>
    <message>
        <source>&amp;Phase:</source>
        <translation>&amp;Phase:</translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation>&amp;Batch:</translation>
    </message>
    <message>
        <source>&amp;Sequence:</source>
        <translation>&amp;Sequenz:</translation>
    </message>
    <message>
        <source>Pas&amp;t tokens:</source>
        <translation>&amp;Frühere Tokens:</translation>
    </message>
    <message>
        <source>&amp;Weights:</source>
        <translation>&amp;Gewichte:</translation>
    </message>
    <message>
        <source>&amp;Activations:</source>
        <translation>&amp;Aktivierungen:</translation>
    </message>
    <message>
        <source>&amp;KV cache:</source>
        <translation>&amp;KV-Cache:</translation>
    </message>
    <message>
        <source>Atte&amp;ntion:</source>
        <translation>Atte&amp;ntion:</translation>
    </message>
    <message>
        <source>&amp;LM head:</source>
        <translation>&amp;LM-Head:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>Ge&amp;rät:</translation>
    </message>
    <message>
        <source>TF32 for fp32 matmuls</source>
        <translation>TF32 für fp32-Matmuls</translation>
    </message>
    <message>
        <source>As stored</source>
        <translation>Wie gespeichert</translation>
    </message>
    <message>
        <source>Tokens already in the KV cache (P) before this step, in prefill too (a prefill that continues after cached tokens); attention covers P + S positions.</source>
        <translation>Tokens, die vor diesem Schritt bereits im KV-Cache liegen (P), auch beim Prefill (ein Prefill, der nach Tokens im Cache fortsetzt); die Attention umfasst P + S Positionen.</translation>
    </message>
    <message>
        <source>Bytes per weight. As stored: what the checkpoint holds, from the config&apos;s torch_dtype and quantization_config (fp8 blocks, MXFP4 experts, GPTQ/AWQ int4 with their scales).</source>
        <translation>Bytes pro Gewicht. Wie gespeichert: was der Checkpoint enthält, laut torch_dtype und quantization_config der Konfiguration (fp8-Blöcke, MXFP4-Experten, GPTQ/AWQ-int4 mit ihren Skalierungen).</translation>
    </message>
    <message>
        <source>Input images per sequence (multimodal models): the vision tower runs in prefill and the tokens each image makes join the sequence.</source>
        <translation>Eingabebilder pro Sequenz (multimodale Modelle): Der Vision-Tower läuft im Prefill, und die Tokens jedes Bildes werden Teil der Sequenz.</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Width of each input image in pixels.</source>
        <translation>Breite jedes Eingabebilds in Pixeln.</translation>
    </message>
    <message>
        <source>Height of each input image in pixels.</source>
        <translation>Höhe jedes Eingabebilds in Pixeln.</translation>
    </message>
    <message>
        <source>Eager (transformers)</source>
        <translation>Eager (transformers)</translation>
    </message>
    <message>
        <source>Fused (inference engine)</source>
        <translation>Fusioniert (Inferenz-Engine)</translation>
    </message>
    <message>
        <source>Which kernels the times assume. Eager: transformers&apos; forward op by op. Fused: an inference engine&apos;s kernels (fused QKV and gate/up GEMMs, fused norms, flash attention, CUDA graphs in decode) and its cache layout. FLOPs do not change.</source>
        <translation>Welche Kernels die Zeiten annehmen. Eager: der Forward von transformers, Op für Op. Fusioniert: die Kernels einer Inferenz-Engine (fusionierte QKV- und Gate/Up-GEMMs, fusionierte Normen, Flash-Attention, CUDA-Graphen im Decode) und ihr Cache-Layout. Die FLOPs ändern sich nicht.</translation>
    </message>
    <message>
        <source>fp32 matmuls on TF32 tensor cores (torch.backends.cuda.matmul.allow_tf32); off, as in PyTorch: they run at the fp32 rate.</source>
        <translation>fp32-Matmuls auf TF32-Tensor-Cores (torch.backends.cuda.matmul.allow_tf32); aus, wie in PyTorch: Sie laufen mit der fp32-Rate.</translation>
    </message>
    <message>
        <source>&amp;Images:</source>
        <translation>B&amp;ilder:</translation>
    </message>
    <message>
        <source>Image si&amp;ze:</source>
        <translation>Bil&amp;dgröße:</translation>
    </message>
    <message>
        <source>E&amp;xecution:</source>
        <translation>A&amp;usführung:</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::SourceView</name>
    <message>
        <source>Source not found</source>
        <translation>Quellcode nicht gefunden</translation>
    </message>
    <message>
        <source>Source of class %1 not found</source>
        <translation>Quellcode der Klasse %1 nicht gefunden</translation>
    </message>
    <message>
        <source>class %1 in %2</source>
        <translation>Klasse %1 in %2</translation>
    </message>
    <message>
        <source>Lines %1–%2</source>
        <translation>Zeilen %1–%2</translation>
    </message>
    <message>
        <source>, forward %1–%2</source>
        <translation>, forward %1–%2</translation>
    </message>
    <message>
        <source>Version: %1</source>
        <translation>Version: %1</translation>
    </message>
    <message>
        <source>The recorded lines drifted: recorded %1–%2, found at %3–%4 in the installed version.</source>
        <translation>Die erfassten Zeilen haben sich verschoben: erfasst %1–%2, gefunden bei %3–%4 in der installierten Version.</translation>
    </message>
    <message>
        <source>The recorded lines %1–%2 lie inside the class.</source>
        <translation>Die erfassten Zeilen %1–%2 liegen innerhalb der Klasse.</translation>
    </message>
    <message>
        <source>The class is where it was recorded.</source>
        <translation>Die Klasse steht dort, wo sie erfasst wurde.</translation>
    </message>
    <message>
        <source>No lines are recorded for this file: the class was found by name.</source>
        <translation>Für diese Datei sind keine Zeilen erfasst: Die Klasse wurde über ihren Namen gefunden.</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::SweepChart</name>
    <message>
        <source>Sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Cached tokens</source>
        <translation>Tokens im Cache</translation>
    </message>
    <message>
        <source>Sequence length x: a prefill of x tokens; a decode step of 1 token with x − 1 cached.
Batch size x: x sequences, a prefill of the current prompt length and a decode step after the current context (the cached tokens, or the prefill&apos;s length; at least 1).
Cached tokens x: a decode step of 1 token after x cached; a prefill of x tokens.</source>
        <translation>Sequenzlänge x: ein Prefill von x Tokens; ein Decode-Schritt von 1 Token mit x − 1 im Cache.
Batchgröße x: x Sequenzen, ein Prefill der aktuellen Prompt-Länge und ein Decode-Schritt nach dem aktuellen Kontext (die Tokens im Cache oder die Länge des Prefills; mindestens 1).
Tokens im Cache x: ein Decode-Schritt von 1 Token nach x im Cache; ein Prefill von x Tokens.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Memory traffic</source>
        <translation>Speichertransfer</translation>
    </message>
    <message>
        <source>Arithmetic intensity</source>
        <translation>Arithmetische Intensität</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV-Cache</translation>
    </message>
    <message>
        <source>Memory footprint</source>
        <translation>Speicherbedarf</translation>
    </message>
    <message>
        <source>First value of the sweep</source>
        <translation>Erster Wert des Sweeps</translation>
    </message>
    <message>
        <source>Last value of the sweep</source>
        <translation>Letzter Wert des Sweeps</translation>
    </message>
    <message>
        <source>Analyses per series; log-spaced when the range spans more than two decades</source>
        <translation>Analysen pro Reihe; logarithmisch verteilt, wenn der Bereich mehr als zwei Dekaden umfasst</translation>
    </message>
    <message>
        <source> points</source>
        <translation> Punkte</translation>
    </message>
    <message>
        <source>Sweep:</source>
        <translation>Sweep:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>Prefill</translation>
    </message>
    <message>
        <source>Decode (1 token)</source>
        <translation>Decode (1 Token)</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>Time (%1)</source>
        <translation>Zeit (%1)</translation>
    </message>
    <message>
        <source>Arithmetic intensity (FLOP/byte)</source>
        <translation>Arithmetische Intensität (FLOP/Byte)</translation>
    </message>
    <message>
        <source>Sequence length (tokens)</source>
        <translation>Sequenzlänge (Tokens)</translation>
    </message>
    <message>
        <source>Batch size (sequences)</source>
        <translation>Batchgröße (Sequenzen)</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>prompt %1 tokens, decode after %2 cached</source>
        <translation>Prompt %1 Tokens, Decode nach %2 im Cache</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>cached tokens</source>
        <translation>Tokens im Cache</translation>
    </message>
    <message>
        <source>%1 against %2</source>
        <translation>%1 über %2</translation>
    </message>
    <message>
        <source> (time needs a device)</source>
        <translation> (Zeit erfordert ein Gerät)</translation>
    </message>
    <message>
        <source>%1 FLOP/B</source>
        <translation>%1 FLOP/B</translation>
    </message>
    <message>
        <source>%1 at %2 = %3: %4</source>
        <translation>%1 bei %2 = %3: %4</translation>
    </message>
    <message>
        <source>Memory traffic (bytes)</source>
        <translation>Speichertransfer (Bytes)</translation>
    </message>
    <message>
        <source>KV cache (bytes)</source>
        <translation>KV-Cache (Bytes)</translation>
    </message>
    <message>
        <source>Memory footprint (bytes)</source>
        <translation>Speicherbedarf (Bytes)</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
</context>
</TS>
