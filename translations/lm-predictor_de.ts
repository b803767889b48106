<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>prefill, batch %1 × %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode, batch %1, 1 new token after %2 cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode, batch %1, %2 new tokens after %3 cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training step, batch %1 × %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image size %1 × %2 is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the PNG image %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the SVG drawing %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the PDF document %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown image format &quot;%1&quot;: use .png, .svg or .pdf.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lmp::app::MainWindow</name>
    <message>
        <source>LM-Predictor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none: no time estimates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Wird geöffnet …</translation>
    </message>
    <message>
        <source>Analyzing…</source>
        <translation>Wird analysiert …</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Filter by module name or class…</source>
        <translation>Nach Modulname oder Klasse filtern …</translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation>Nur Warnungen</translation>
    </message>
    <message>
        <source>Show only modules with warnings: no database entry, or a formula that failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self</source>
        <translation>Eigen</translation>
    </message>
    <message>
        <source>Self: each module&apos;s own work, without the modules inside it. Off: inclusive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Models: the recent ones, then the built-in catalogue of published configs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse the built-in catalogue and the local Hugging Face cache</source>
        <translation type="unfinished"></translation>
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
        <translation>Parameterlauf</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open config.json…</source>
        <translation>config.json &amp;öffnen …</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen …</translation>
    </message>
    <message>
        <source>&amp;Browse Models…</source>
        <translation>Modelle &amp;durchsuchen …</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Export Chart…</source>
        <translation>Diagramm &amp;exportieren …</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;LM-Predictor %1&lt;/h3&gt;&lt;p&gt;FLOPs, memory traffic and roofline time of PyTorch and Hugging Face models, from their config.json, before running anything.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — LM-Predictor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prefill of %1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode of 1 new token after %1 cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode of %1 new tokens after %2 cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training step on %1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2 in matmuls) · %3 of memory traffic · %4 parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FLOP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · &lt;b&gt;%1&lt;/b&gt; on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (compute-bound overall)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (memory-bound overall)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory: %1 weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> + %1 KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> → %1 in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, fits %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, &lt;span style=&apos;color:#b00&apos;&gt;&lt;b&gt;does not fit&lt;/b&gt;&lt;/span&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n module type(s) with warnings: totals leave their work out</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 modules, %2 distinct · analyzed with %3 template evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model configs and module dumps (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model folder (with config.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the roofline chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lmp::widgets::BreakdownChart</name>
    <message>
        <source>By module class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module class: the work of every instance of a class, summed.
Layer: each top-level module, with every decoder layer on its own bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matmul FLOPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory traffic (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time is the roofline estimate on the selected device; memory traffic counts reads, writes and each intermediate twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 instances)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n other classes</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>(model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time needs a device: showing FLOPs. Choose a hardware profile to see the roofline time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory traffic (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by module class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ModelBrowserDialog</name>
    <message>
        <source>Open Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model id; the cached copy&apos;s folder in the tooltip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>architectures[0] of the config: the class that selects the architecture definition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model_type of the config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot of the Hugging Face cache: the one refs/main names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the snapshot&apos;s safetensors files, when downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by id, architecture or type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the Hugging Face cache again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published configs built into LM-Predictor, and the models downloaded into the local Hugging Face cache. Only config.json is read: nothing is downloaded or loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n model(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Published config.json files shipped with LM-Predictor; they open offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The config only: the built-in catalogue holds no weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searched: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreadable config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The config.json cannot be parsed or names no architecture; opening it shows why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No safetensors files in this snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Hugging Face cache folder to search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No models with a config.json in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set HF_HUB_CACHE or HF_HOME to search another folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ModuleTreeModel</name>
    <message>
        <source>(model)</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database entry: the figures are the sum of its modules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some modules inside could not be evaluated; their work is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes of weights in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a device to estimate time.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matmul (self)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matmul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads (B)</source>
        <translation>Lesen (B)</translation>
    </message>
    <message>
        <source>Writes (B)</source>
        <translation>Schreiben (B)</translation>
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
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The module&apos;s class (full path in the tooltip).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Floating-point operations: a multiply-add counts 2, as torch.utils.flop_counter counts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The FLOPs of matrix multiplications (run on the matrix units).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes read from device memory: weights, inputs, KV cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes written to device memory: outputs, KV cache updates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes of temporary tensors written and read back inside the module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters (tied weights counted once).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters times the bytes per weight of the chosen weight dtype.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arithmetic intensity: FLOPs per byte of memory traffic (reads + writes + twice the intermediates).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which roof limits the module on the chosen device: compute or memory bandwidth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roofline estimate: max(matmul FLOPs / matrix peak + other FLOPs / vector peak, bytes / bandwidth), summed over the leaves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the model&apos;s total time (of its FLOPs without a device).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lmp::widgets::RooflinePlot</name>
    <message>
        <source>Arithmetic intensity (FLOP/byte)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Performance (FLOP/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roofline: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roofline</source>
        <translation>Roofline</translation>
    </message>
    <message>
        <source>No analysis yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No hardware profile selected.
Choose a device to see the roofline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 publishes no compute peaks (or no bandwidth),
so it has no roofline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matrix roof %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector roof %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ridge %1 FLOP/B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (first of %2 instances)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own work only (its children are separate points)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per instance: %1, %2 of traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intensity: %1 FLOP/B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attained: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time: %1 per instance, %2 for all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute-bound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory-bound</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequences processed together (B).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tokens per sequence in this step (S); a decode step usually has 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens already in the KV cache (P); attention covers P + S positions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes per weight.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation dtype: bytes per activation and which compute peak applies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes per KV-cache element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SDPA / flash (fused)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eager (scores in memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eager attention writes the score matrix to memory; SDPA and flash kernels, transformers&apos; default, do not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count causal attention as fused kernels run it, skipping the masked half; off: the full score matrix, as torch.utils.flop_counter counts it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation computes the LM head on the last position only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device whose roofline gives the time estimates.</source>
        <translation type="unfinished"></translation>
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
        <translation>&amp;LM-Kopf:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::SweepChart</name>
    <message>
        <source>Sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cached tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length x: a prefill of x tokens; a decode step of 1 token with x − 1 cached.
Batch size x: x sequences, a prefill of the current prompt length and a decode step after the current context (the cached tokens, or the prefill&apos;s length; at least 1).
Cached tokens x: a decode step of 1 token after x cached; a prefill of x tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arithmetic intensity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory footprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First value of the sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last value of the sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyses per series; log-spaced when the range spans more than two decades</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>Prefill</translation>
    </message>
    <message>
        <source>Decode (1 token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory traffic (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arithmetic intensity (FLOP/byte)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory footprint (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length (tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size (sequences)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prompt %1 tokens, decode after %2 cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cached tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 against %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (time needs a device)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 FLOP/B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2 = %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
