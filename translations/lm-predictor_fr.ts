<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>EntryEvaluation</name>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>matmul FLOPs</source>
        <translation>FLOPs matmul</translation>
    </message>
    <message>
        <source>reads</source>
        <translation>lectures</translation>
    </message>
    <message>
        <source>writes</source>
        <translation>écritures</translation>
    </message>
    <message>
        <source>intermediates</source>
        <translation>intermédiaires</translation>
    </message>
    <message>
        <source>params</source>
        <translation>paramètres</translation>
    </message>
    <message>
        <source>The entry is JSON</source>
        <translation>L&apos;entrée est du JSON</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schéma</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Module path matches the key</source>
        <translation>Le chemin du module correspond à la clé</translation>
    </message>
    <message>
        <source>Code location</source>
        <translation>Emplacement du code</translation>
    </message>
    <message>
        <source>Templates compile</source>
        <translation>Les gabarits compilent</translation>
    </message>
    <message>
        <source>Called modules exist</source>
        <translation>Les modules appelés existent</translation>
    </message>
    <message>
        <source>No call cycle</source>
        <translation>Aucun cycle d&apos;appels</translation>
    </message>
    <message>
        <source>module_depends lists the calls</source>
        <translation>module_depends liste les appels</translation>
    </message>
    <message>
        <source>Parameters are declared</source>
        <translation>Les paramètres sont déclarés</translation>
    </message>
    <message>
        <source>check_values</source>
        <translation>check_values</translation>
    </message>
    <message>
        <source>Evaluates on sample values</source>
        <translation>S&apos;évalue sur des valeurs d&apos;exemple</translation>
    </message>
    <message>
        <source>Breakdown sums on sample values</source>
        <translation>La répartition se somme sur des valeurs d&apos;exemple</translation>
    </message>
    <message>
        <source>The entry cannot be evaluated: it has schema errors (see the checks).</source>
        <translation>L&apos;entrée ne peut pas être évaluée : elle a des erreurs de schéma (voir les vérifications).</translation>
    </message>
    <message>
        <source>No model is open: open one to evaluate the entry on its modules.</source>
        <translation>Aucun modèle ouvert : ouvrez-en un pour évaluer l&apos;entrée sur ses modules.</translation>
    </message>
    <message>
        <source>%1 has no module of class %2.</source>
        <translation>%1 n&apos;a aucun module de classe %2.</translation>
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
        <translation>répartition %1 : %2</translation>
    </message>
    <message>
        <source>breakdown %1 = %2</source>
        <translation>répartition %1 = %2</translation>
    </message>
    <message>
        <source>Every figure evaluates, finite and ≥ 0</source>
        <translation>Chaque grandeur s&apos;évalue, finie et ≥ 0</translation>
    </message>
    <message>
        <source>%1 figures and %2 breakdown items</source>
        <translation>%1 grandeurs et %2 postes de répartition</translation>
    </message>
    <message>
        <source>Matmul FLOPs ≤ FLOPs</source>
        <translation>FLOPs matmul ≤ FLOPs</translation>
    </message>
    <message>
        <source>matmul %1 ≤ FLOPs %2</source>
        <translation>matmul %1 ≤ FLOPs %2</translation>
    </message>
    <message>
        <source>matmul %1 &gt; FLOPs %2</source>
        <translation>matmul %1 &gt; FLOPs %2</translation>
    </message>
    <message>
        <source>Breakdown sums to the total</source>
        <translation>La répartition donne le total</translation>
    </message>
    <message>
        <source>sum %1 = total %2</source>
        <translation>somme %1 = total %2</translation>
    </message>
    <message>
        <source>sum %1 ≠ total %2 (off by %3)</source>
        <translation>somme %1 ≠ total %2 (écart %3)</translation>
    </message>
    <message>
        <source>the breakdown or the total does not evaluate</source>
        <translation>la répartition ou le total ne s&apos;évalue pas</translation>
    </message>
    <message>
        <source>%1 %2 − children %3 = %4</source>
        <translation>%1 %2 − enfants %3 = %4</translation>
    </message>
    <message>
        <source>Counts at least its children (self ≥ 0)</source>
        <translation>Compte au moins ses enfants (propre ≥ 0)</translation>
    </message>
    <message>
        <source>Parameters match the model&apos;s tensors</source>
        <translation>Les paramètres correspondent aux tenseurs du modèle</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 paramètres</translation>
    </message>
    <message>
        <source>params_template gives %1, the model&apos;s tensors hold %2 (tied weights count once)</source>
        <translation>params_template donne %1, les tenseurs du modèle en contiennent %2 (les poids liés comptent une fois)</translation>
    </message>
    <message>
        <source>, template %1:%2–%3:%4</source>
        <translation>, gabarit %1:%2–%3:%4</translation>
    </message>
    <message>
        <source>Database checks</source>
        <translation>Vérifications de la base de données</translation>
    </message>
    <message>
        <source>schema, templates, calls, cycles, module_depends, parameters and the breakdown on sample values</source>
        <translation>schéma, gabarits, appels, cycles, module_depends, paramètres et répartition sur des valeurs d&apos;exemple</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>prefill, batch %1 × %2 tokens</source>
        <translation>préremplissage, lot %1 × %2 jetons</translation>
    </message>
    <message>
        <source>decode, batch %1, 1 new token after %2 cached</source>
        <translation>décodage, lot %1, 1 nouveau jeton après %2 en cache</translation>
    </message>
    <message>
        <source>decode, batch %1, %2 new tokens after %3 cached</source>
        <translation>décodage, lot %1, %2 nouveaux jetons après %3 en cache</translation>
    </message>
    <message>
        <source>training step, batch %1 × %2 tokens</source>
        <translation>pas d&apos;entraînement, lot %1 × %2 jetons</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>Image PNG (*.png);;Dessin SVG (*.svg);;Document PDF (*.pdf)</translation>
    </message>
    <message>
        <source>This prompt (%1, %2) goes to the agent. Its answer is checked like any database entry and lands as pending for review; nothing in it is run.</source>
        <translation>Ce prompt (%1, %2) est envoyé à l&apos;agent. Sa réponse est vérifiée comme toute entrée de la base de données et arrive en attente de relecture ; rien de son contenu n&apos;est exécuté.</translation>
    </message>
    <message>
        <source>The last prompt sent to the agent (%1, %2).</source>
        <translation>Le dernier prompt envoyé à l&apos;agent (%1, %2).</translation>
    </message>
    <message>
        <source>Send to the Agent</source>
        <translation>Envoyer à l&apos;agent</translation>
    </message>
    <message>
        <source>No agent is set up: choose a provider in Database → Agent Settings (a command such as a coding agent&apos;s non-interactive mode, the Anthropic API or an OpenAI-compatible server).</source>
        <translation>Aucun agent n&apos;est configuré : choisissez un fournisseur dans Base de données → Paramètres de l&apos;agent (une commande comme le mode non interactif d&apos;un agent de codage, l&apos;API Anthropic ou un serveur compatible OpenAI).</translation>
    </message>
    <message>
        <source>The agent&apos;s model is not set (Database → Agent Settings).</source>
        <translation>Le modèle de l&apos;agent n&apos;est pas défini (Base de données → Paramètres de l&apos;agent).</translation>
    </message>
    <message>
        <source>Chart made by LM-Predictor</source>
        <translation>Graphique réalisé avec LM-Predictor</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>Image PNG</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>Dessin SVG</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <source>No file name given for the chart.</source>
        <translation>Aucun nom de fichier indiqué pour le graphique.</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: unknown image format &quot;%2&quot; (use .png, .svg or .pdf).</source>
        <translation>Impossible d&apos;exporter le graphique vers %1 : format d&apos;image inconnu « %2 » (utilisez .png, .svg ou .pdf).</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: the suffix does not match the format (%2).</source>
        <translation>Impossible d&apos;exporter le graphique vers %1 : le suffixe ne correspond pas au format (%2).</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: the size %2 × %3 is not between %4 and %5 pixels a side.</source>
        <translation>Impossible d&apos;exporter le graphique vers %1 : la taille %2 × %3 n&apos;est pas comprise entre %4 et %5 pixels par côté.</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: the scale %2 is not above 0 and at most %3.</source>
        <translation>Impossible d&apos;exporter le graphique vers %1 : l&apos;échelle %2 doit être supérieure à 0 et au plus égale à %3.</translation>
    </message>
    <message>
        <source>Cannot export the chart to %1: %2 × %3 pixels is too large.</source>
        <translation>Impossible d&apos;exporter le graphique vers %1 : %2 × %3 pixels, c&apos;est trop grand.</translation>
    </message>
    <message>
        <source>Cannot write the chart to %1: %2</source>
        <translation>Impossible d&apos;écrire le graphique dans %1 : %2</translation>
    </message>
    <message>
        <source>Cannot write the chart to %1: the %2 could not be drawn.</source>
        <translation>Impossible d&apos;écrire le graphique dans %1 : échec du rendu (%2).</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Graphique</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>Exporter le graphique…</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>Copier l&apos;image</translation>
    </message>
    <message>
        <source>There is no analysis to draw.</source>
        <translation>Il n&apos;y a aucune analyse à dessiner.</translation>
    </message>
    <message>
        <source>The sweep&apos;s analyses did not finish within %1 s.</source>
        <translation>Les analyses du balayage ne se sont pas terminées en %1 s.</translation>
    </message>
    <message>
        <source>Unknown kind of chart.</source>
        <translation>Type de graphique inconnu.</translation>
    </message>
    <message>
        <source>Cannot draw the chart for %1: %2</source>
        <translation>Impossible de dessiner le graphique pour %1 : %2</translation>
    </message>
    <message>
        <source>The chart could not be drawn as SVG.</source>
        <translation>Le graphique n&apos;a pas pu être dessiné en SVG.</translation>
    </message>
</context>
<context>
    <name>ReviewCommands</name>
    <message>
        <source>the database session is gone</source>
        <translation>la session de la base de données n&apos;existe plus</translation>
    </message>
    <message>
        <source>Approve %1</source>
        <translation>Approuver %1</translation>
    </message>
    <message>
        <source>Reject %1</source>
        <translation>Rejeter %1</translation>
    </message>
    <message>
        <source>Request changes to %1</source>
        <translation>Demander des modifications de %1</translation>
    </message>
    <message>
        <source>Mark %1 pending</source>
        <translation>Marquer %1 en attente</translation>
    </message>
</context>
<context>
    <name>lmp::app::AgentController</name>
    <message>
        <source>No API key for the agent: %1. Set %2 in the environment, or store a key in Database → Agent Settings.</source>
        <translation>Aucune clé d&apos;API pour l&apos;agent : %1. Définissez %2 dans l&apos;environnement, ou enregistrez une clé dans Base de données → Paramètres de l&apos;agent.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>The agent is already drafting; wait for it or cancel it.</source>
        <translation>L&apos;agent est déjà en train de rédiger ; attendez-le ou annulez-le.</translation>
    </message>
    <message>
        <source>Preparing the prompts (reading the source code)…</source>
        <translation>Préparation des prompts (lecture du code source)…</translation>
    </message>
    <message>
        <source>Draft %1 with the agent</source>
        <translation>Rédiger %1 avec l&apos;agent</translation>
    </message>
    <message>
        <source>Draft cancelled.</source>
        <translation>Brouillon annulé.</translation>
    </message>
    <message>
        <source>Drafting %1 with the agent (%2 of %3 done)…</source>
        <translation>Rédaction de %1 avec l&apos;agent (%2 sur %3 terminés)…</translation>
    </message>
    <message>
        <source>%1 drafted: pending review (%2 of %3 done).</source>
        <translation>%1 rédigé : en attente de relecture (%2 sur %3 terminés).</translation>
    </message>
    <message>
        <source>The agent&apos;s draft of %1 was refused; nothing was written:
%2</source>
        <translation>Le brouillon de %1 rédigé par l&apos;agent a été refusé ; rien n&apos;a été écrit :
%2</translation>
    </message>
    <message>
        <source>Drafting %1 failed: %2</source>
        <translation>La rédaction de %1 a échoué : %2</translation>
    </message>
    <message>
        <source>The agent finished: %1 of %2 drafts done.</source>
        <translation>L&apos;agent a terminé : %1 brouillons sur %2 terminés.</translation>
    </message>
    <message>
        <source>Cannot read the config of %1: %2</source>
        <translation>Impossible de lire la configuration de %1 : %2</translation>
    </message>
    <message>
        <source>Draft the %1 definition with the agent</source>
        <translation>Rédiger la définition de %1 avec l&apos;agent</translation>
    </message>
    <message>
        <source>Drafting the %1 definition with the agent…</source>
        <translation>Rédaction de la définition de %1 avec l&apos;agent…</translation>
    </message>
    <message>
        <source>Drafting the %1 definition: %2</source>
        <translation>Rédaction de la définition de %1 : %2</translation>
    </message>
    <message>
        <source>Drafting the %1 definition failed: %2</source>
        <translation>La rédaction de la définition de %1 a échoué : %2</translation>
    </message>
    <message>
        <source>The agent&apos;s %1 definition was refused; nothing was written:
%2</source>
        <translation>La définition de %1 rédigée par l&apos;agent a été refusée ; rien n&apos;a été écrit :
%2</translation>
    </message>
    <message>
        <source>The %1 definition and %2 entries landed: pending review.</source>
        <translation>La définition de %1 et %2 entrées ont été déposées : en attente de relecture.</translation>
    </message>
    <message>
        <source>Waiting for the agent (%1)…</source>
        <translation>Attente de l&apos;agent (%1)…</translation>
    </message>
    <message>
        <source>No prompt was sent to the agent yet.</source>
        <translation>Aucun prompt n&apos;a encore été envoyé à l&apos;agent.</translation>
    </message>
    <message>
        <source>The Last Prompt</source>
        <translation>Le dernier prompt</translation>
    </message>
</context>
<context>
    <name>lmp::app::AgentSettingsDialog</name>
    <message>
        <source>Agent Settings</source>
        <translation>Paramètres de l&apos;agent</translation>
    </message>
    <message>
        <source>The agent drafts database entries (and architecture definitions) for what the database lacks. Its answers are checked like any entry and land as pending for review; nothing in them is ever run.</source>
        <translation>L&apos;agent rédige des entrées de la base de données (et des définitions d&apos;architecture) pour ce qui manque à la base. Ses réponses sont vérifiées comme toute entrée et arrivent en attente de relecture ; rien de leur contenu n&apos;est jamais exécuté.</translation>
    </message>
    <message>
        <source>External command</source>
        <translation>Commande externe</translation>
    </message>
    <message>
        <source>Anthropic Messages API</source>
        <translation>API Messages d&apos;Anthropic</translation>
    </message>
    <message>
        <source>OpenAI-compatible server</source>
        <translation>Serveur compatible OpenAI</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>&amp;Fournisseur :</translation>
    </message>
    <message>
        <source>e.g. claude -p   (the prompt on stdin; {prompt_file} for a file)</source>
        <translation>p. ex. claude -p   (le prompt sur stdin ; {prompt_file} pour un fichier)</translation>
    </message>
    <message>
        <source>The program and its arguments, split like a shell would but never run by one. An argument {prompt_file} is replaced by a file holding the prompt; otherwise the prompt goes to its standard input. Its standard output is the answer.</source>
        <translation>Le programme et ses arguments, découpés comme le ferait un shell, mais jamais exécutés par un shell. Un argument {prompt_file} est remplacé par un fichier contenant le prompt ; sinon, le prompt est envoyé sur son entrée standard. Sa sortie standard est la réponse.</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>&amp;Commande :</translation>
    </message>
    <message>
        <source>default: the provider&apos;s public endpoint; e.g. http://127.0.0.1:8080/v1</source>
        <translation>par défaut : le point de terminaison public du fournisseur ; p. ex. http://127.0.0.1:8080/v1</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>URL de &amp;base :</translation>
    </message>
    <message>
        <source>the model&apos;s name, e.g. claude-sonnet-4-5</source>
        <translation>le nom du modèle, p. ex. claude-sonnet-4-5</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modèle :</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Timeout per attempt:</source>
        <translation>&amp;Délai par tentative :</translation>
    </message>
    <message>
        <source>Drafts at &amp;once:</source>
        <translation>Brouillons en &amp;parallèle :</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>Recevoir la réponse en flux continu</translation>
    </message>
    <message>
        <source>Send a refused answer&apos;s reasons back once (repair round)</source>
        <translation>Renvoyer une fois les motifs d&apos;une réponse refusée (tour de réparation)</translation>
    </message>
    <message>
        <source>Show the prompt before drafting one module</source>
        <translation>Afficher le prompt avant de rédiger un module seul</translation>
    </message>
    <message>
        <source>paste a key to store it in the system keychain</source>
        <translation>collez une clé pour l&apos;enregistrer dans le trousseau du système</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>C&amp;lé d&apos;API :</translation>
    </message>
    <message>
        <source>Storing the key…</source>
        <translation>Enregistrement de la clé…</translation>
    </message>
    <message>
        <source>Could not store the key: %1</source>
        <translation>Impossible d&apos;enregistrer la clé : %1</translation>
    </message>
    <message>
        <source>A command needs no key here (it runs with your environment).</source>
        <translation>Une commande n&apos;a pas besoin de clé ici (elle s&apos;exécute avec votre environnement).</translation>
    </message>
    <message>
        <source>Looking for a key…</source>
        <translation>Recherche d&apos;une clé…</translation>
    </message>
    <message>
        <source>A key is set, from %1.</source>
        <translation>Une clé est définie, provenant de %1.</translation>
    </message>
    <message>
        <source>No key yet: %1</source>
        <translation>Pas encore de clé : %1</translation>
    </message>
    <message>
        <source>Stored in %1.</source>
        <translation>Enregistrée dans %1.</translation>
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
        <translation>(aucun : pas d&apos;estimation de temps)</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>Impossible d&apos;ouvrir %1 : %2</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Ouverture…</translation>
    </message>
    <message>
        <source>Analyzing…</source>
        <translation>Analyse…</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Filter by module name or class…</source>
        <translation>Filtrer par nom de module ou classe…</translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation>Avertissements seulement</translation>
    </message>
    <message>
        <source>Show only modules with warnings: no database entry, or a formula that failed.</source>
        <translation>Afficher uniquement les modules avec avertissements : sans entrée dans la base de données, ou avec une formule en échec.</translation>
    </message>
    <message>
        <source>Self</source>
        <translation>Propre</translation>
    </message>
    <message>
        <source>Self: each module&apos;s own work, without the modules inside it. Off: inclusive.</source>
        <translation>Propre : le travail de chaque module seul, sans les modules qu&apos;il contient. Désactivé : inclusif.</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <source>Models: the recent ones, then the built-in catalogue of published configs.</source>
        <translation>Modèles : les récents, puis le catalogue intégré de configurations publiées.</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Browse the built-in catalogue and the local Hugging Face cache</source>
        <translation>Parcourir le catalogue intégré et le cache local Hugging Face</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modèle :</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Roofline</source>
        <translation>Roofline</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>Répartition</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Balayage</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Open config.json…</source>
        <translation>&amp;Ouvrir config.json…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>Ouvrir un &amp;dossier…</translation>
    </message>
    <message>
        <source>&amp;Browse Models…</source>
        <translation>&amp;Parcourir les modèles…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Ouvrir un fichier &amp;récent</translation>
    </message>
    <message>
        <source>&amp;Export Chart…</source>
        <translation>&amp;Exporter le graphique…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Self Costs</source>
        <translation>Coûts &amp;propres</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filtrer</translation>
    </message>
    <message>
        <source>&amp;Expand All</source>
        <translation>Tout &amp;déplier</translation>
    </message>
    <message>
        <source>&amp;Collapse All</source>
        <translation>Tout &amp;replier</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About LM-Predictor</source>
        <translation>À &amp;propos de LM-Predictor</translation>
    </message>
    <message>
        <source>About LM-Predictor</source>
        <translation>À propos de LM-Predictor</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LM-Predictor %1&lt;/h3&gt;&lt;p&gt;FLOPs, memory traffic and roofline time of PyTorch and Hugging Face models, from their config.json, before running anything.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LM-Predictor %1&lt;/h3&gt;&lt;p&gt;FLOPs, trafic mémoire et temps roofline des modèles PyTorch et Hugging Face, à partir de leur config.json, avant toute exécution.&lt;/p&gt;&lt;p&gt;Distribué sous licence GNU GPL, version 3 ou ultérieure.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — LM-Predictor</source>
        <translation>%1 — LM-Predictor</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur : %1</translation>
    </message>
    <message>
        <source>prefill of %1 tokens</source>
        <translation>préremplissage de %1 jetons</translation>
    </message>
    <message>
        <source>decode of 1 new token after %1 cached</source>
        <translation>décodage d&apos;1 nouveau jeton après %1 en cache</translation>
    </message>
    <message>
        <source>decode of %1 new tokens after %2 cached</source>
        <translation>décodage de %1 nouveaux jetons après %2 en cache</translation>
    </message>
    <message>
        <source>training step on %1 tokens</source>
        <translation>pas d&apos;entraînement sur %1 jetons</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2 in matmuls) · %3 of memory traffic · %4 parameters</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2 dans les matmuls) · %3 de trafic mémoire · %4 paramètres</translation>
    </message>
    <message>
        <source>FLOP</source>
        <translation>FLOP</translation>
    </message>
    <message>
        <source> (compute-bound overall)</source>
        <translation> (limité par le calcul dans l&apos;ensemble)</translation>
    </message>
    <message>
        <source> (memory-bound overall)</source>
        <translation> (limité par la mémoire dans l&apos;ensemble)</translation>
    </message>
    <message>
        <source>Memory: %1 weights</source>
        <translation>Mémoire : %1 de poids</translation>
    </message>
    <message>
        <source> + %1 KV cache</source>
        <translation> + %1 de cache KV</translation>
    </message>
    <message>
        <source> → %1 in all</source>
        <translation> → %1 au total</translation>
    </message>
    <message>
        <source>, fits %1</source>
        <translation>, tient dans %1</translation>
    </message>
    <message>
        <source>, &lt;span style=&apos;color:#b00&apos;&gt;&lt;b&gt;does not fit&lt;/b&gt;&lt;/span&gt; %1</source>
        <translation>, &lt;span style=&apos;color:#b00&apos;&gt;&lt;b&gt;ne tient pas&lt;/b&gt;&lt;/span&gt; dans %1</translation>
    </message>
    <message numerus="yes">
        <source>%n module type(s) with warnings: totals leave their work out</source>
        <translation>
            <numerusform>%n type de module avec avertissements : les totaux omettent son travail</numerusform>
            <numerusform>%n types de modules avec avertissements : les totaux omettent leur travail</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 modules, %2 distinct · analyzed with %3 template evaluations</source>
        <translation>%1 modules, %2 distincts · analysés avec %3 évaluations de gabarits</translation>
    </message>
    <message>
        <source>Open a model</source>
        <translation>Ouvrir un modèle</translation>
    </message>
    <message>
        <source>Model configs and module dumps (*.json);;All files (*)</source>
        <translation>Configurations de modèle et dumps de modules (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Open a model folder (with config.json)</source>
        <translation>Ouvrir un dossier de modèle (avec config.json)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop the agent: drafts not finished write nothing</source>
        <translation>Arrêter l&apos;agent : les brouillons non terminés n&apos;écrivent rien</translation>
    </message>
    <message>
        <source>Drafting with the Agent…</source>
        <translation>Rédaction avec l&apos;agent…</translation>
    </message>
    <message>
        <source>Draft a Definition with the Agent</source>
        <translation>Rédiger une définition avec l&apos;agent</translation>
    </message>
    <message>
        <source>The review of %1 was written</source>
        <translation>La revue de %1 a été écrite</translation>
    </message>
    <message>
        <source>The user database cannot be opened: %1</source>
        <translation>Impossible d&apos;ouvrir la base de données utilisateur : %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>Could not save the database: %1</source>
        <translation>Impossible d&apos;enregistrer la base de données : %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Enregistré : %1</translation>
    </message>
    <message>
        <source>edited in the formula editor</source>
        <translation>modifié dans l&apos;éditeur de formules</translation>
    </message>
    <message>
        <source>Could not apply the edit: %1</source>
        <translation>Impossible d&apos;appliquer la modification : %1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Modifier %1</translation>
    </message>
    <message>
        <source>The formula editor keeps your unapplied edits of %1: apply or revert them to follow the selection.</source>
        <translation>L&apos;éditeur de formules conserve vos modifications non appliquées de %1 : appliquez-les ou annulez-les pour suivre la sélection.</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>invalide</translation>
    </message>
    <message>
        <source>Select a module in the tree to see its formulas.</source>
        <translation>Sélectionnez un module dans l&apos;arborescence pour voir ses formules.</translation>
    </message>
    <message>
        <source>No database entry for %1: its figures are the sum of the modules inside it.</source>
        <translation>Aucune entrée de base de données pour %1 : ses valeurs sont la somme des modules qu&apos;il contient.</translation>
    </message>
    <message>
        <source>Every module of %1 has a database entry.</source>
        <translation>Chaque module de %1 a une entrée dans la base de données.</translation>
    </message>
    <message>
        <source>%1, but the architecture definitions do not load: %2</source>
        <translation>%1, mais les définitions d&apos;architecture ne se chargent pas : %2</translation>
    </message>
    <message>
        <source>The definition landed in %1</source>
        <translation>La définition a été déposée dans %1</translation>
    </message>
    <message>
        <source>Edit Formulas</source>
        <translation>Modifier les formules</translation>
    </message>
    <message>
        <source>Review Entry</source>
        <translation>Relire l&apos;entrée</translation>
    </message>
    <message>
        <source>Draft Entry with the Agent…</source>
        <translation>Rédiger l&apos;entrée avec l&apos;agent…</translation>
    </message>
    <message>
        <source>Source Folders</source>
        <translation>Dossiers sources</translation>
    </message>
    <message>
        <source>Folders the review pane looks in for a module&apos;s Python source, in order: a transformers checkout, an installed package folder (site-packages/transformers) or a site-packages folder. Files are only read.</source>
        <translation>Dossiers où le panneau de revue cherche le source Python d&apos;un module, dans l&apos;ordre : une copie de transformers, un dossier de paquet installé (site-packages/transformers) ou un dossier site-packages. Les fichiers sont seulement lus.</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>Ajouter un dossier…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>A folder of Python sources</source>
        <translation>Un dossier de sources Python</translation>
    </message>
    <message>
        <source>Python interpreter to ask where an installed package lies (empty: none). Only that is asked of it; nothing from a database entry is ever run.</source>
        <translation>Interpréteur Python à interroger sur l&apos;emplacement d&apos;un paquet installé (vide : aucun). On ne lui demande que cela ; rien d&apos;une entrée de la base de données n&apos;est jamais exécuté.</translation>
    </message>
    <message>
        <source>Unsaved database changes</source>
        <translation>Modifications de la base de données non enregistrées</translation>
    </message>
    <message>
        <source>The module database has edits or reviews that are not saved. Save them to %1?</source>
        <translation>La base de données des modules contient des modifications ou des revues non enregistrées. Les enregistrer dans %1 ?</translation>
    </message>
    <message>
        <source>Ask the agent to draft this family&apos;s architecture definition (and the entries it needs) from its modeling source; it lands as pending for review.</source>
        <translation>Demander à l&apos;agent de rédiger la définition d&apos;architecture de cette famille (et les entrées nécessaires) à partir de son code source de modélisation ; elle arrive en attente de relecture.</translation>
    </message>
    <message>
        <source>Formula Editor</source>
        <translation>Éditeur de formules</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revue</translation>
    </message>
    <message>
        <source>Architecture Definitions</source>
        <translation>Définitions d&apos;architecture</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xporter</translation>
    </message>
    <message>
        <source>&amp;Roofline…</source>
        <translation>R&amp;oofline…</translation>
    </message>
    <message>
        <source>&amp;Breakdown…</source>
        <translation>&amp;Répartition…</translation>
    </message>
    <message>
        <source>&amp;Sweep…</source>
        <translation>&amp;Balayage…</translation>
    </message>
    <message>
        <source>&amp;Report…</source>
        <translation>Ra&amp;pport…</translation>
    </message>
    <message>
        <source>&amp;Database</source>
        <translation>&amp;Base de données</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Save Database</source>
        <translation>&amp;Enregistrer la base de données</translation>
    </message>
    <message>
        <source>Re&amp;load Database</source>
        <translation>Re&amp;charger la base de données</translation>
    </message>
    <message>
        <source>Use &amp;Validated Formulas Only</source>
        <translation>Utiliser uniquement les formules &amp;validées</translation>
    </message>
    <message>
        <source>Leave out every entry nobody has validated yet (pending, needs changes): a module without a usable entry sums the modules inside it.</source>
        <translation>Ignorer toute entrée que personne n&apos;a encore validée (en attente, modifications requises) : un module sans entrée utilisable additionne les modules qu&apos;il contient.</translation>
    </message>
    <message>
        <source>Source &amp;Folders…</source>
        <translation>Dossiers &amp;sources…</translation>
    </message>
    <message>
        <source>&amp;Draft All Missing with the Agent</source>
        <translation>Rédiger les entrées &amp;manquantes avec l&apos;agent</translation>
    </message>
    <message>
        <source>Ask the agent for an entry for every module class of the model the database lacks; the drafts land as pending for review.</source>
        <translation>Demander à l&apos;agent une entrée pour chaque classe de module du modèle absente de la base de données ; les brouillons arrivent en attente de relecture.</translation>
    </message>
    <message>
        <source>Draft a &amp;Definition for the Refused Model</source>
        <translation>Rédiger une &amp;définition pour le modèle refusé</translation>
    </message>
    <message>
        <source>No model was refused for lack of an architecture definition.</source>
        <translation>Aucun modèle n&apos;a été refusé faute de définition d&apos;architecture.</translation>
    </message>
    <message>
        <source>&amp;Cancel the Agent</source>
        <translation>&amp;Interrompre l&apos;agent</translation>
    </message>
    <message>
        <source>Show the Last &amp;Prompt…</source>
        <translation>Afficher le dernier &amp;prompt…</translation>
    </message>
    <message>
        <source>&amp;Agent Settings…</source>
        <translation>Paramètres de l&apos;a&amp;gent…</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Revue</translation>
    </message>
    <message>
        <source>prefill of %1 tokens after %2 cached</source>
        <translation>préremplissage de %1 jetons après %2 en cache</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &lt;span style=&apos;color:#666&apos;&gt;(%2)&lt;/span&gt; — %3, batch %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &lt;span style=&apos;color:#666&apos;&gt;(%2)&lt;/span&gt; — %3, lot de %4</translation>
    </message>
    <message>
        <source> · &lt;b&gt;%1&lt;/b&gt; expected (bound %2, %3) on %4</source>
        <translation> · &lt;b&gt;%1&lt;/b&gt; attendu (borne %2, %3) sur %4</translation>
    </message>
    <message>
        <source>fused</source>
        <translation>fusionné</translation>
    </message>
    <message>
        <source>eager</source>
        <translation>eager</translation>
    </message>
    <message>
        <source>as stored: %1</source>
        <translation>tel que stocké : %1</translation>
    </message>
    <message>
        <source> + %1 recurrent state</source>
        <translation> + %1 d&apos;état récurrent</translation>
    </message>
    <message>
        <source>%1 modules use unreviewed formulas (%2)</source>
        <translation>%1 modules utilisent des formules non relues (%2)</translation>
    </message>
    <message>
        <source>Every formula used was validated</source>
        <translation>Toutes les formules utilisées ont été validées</translation>
    </message>
    <message>
        <source> · validated entries only</source>
        <translation> · entrées validées uniquement</translation>
    </message>
    <message>
        <source> · not used: %1</source>
        <translation> · non utilisées : %1</translation>
    </message>
    <message>
        <source> · &lt;i&gt;database changes not saved&lt;/i&gt;</source>
        <translation> · &lt;i&gt;modifications de la base de données non enregistrées&lt;/i&gt;</translation>
    </message>
    <message numerus="yes">
        <source> · %n image token(s) in each sequence</source>
        <translation>
            <numerusform> · %n jeton d&apos;image dans chaque séquence</numerusform>
            <numerusform> · %n jetons d&apos;image dans chaque séquence</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a model first: there is no analysis to export.</source>
        <translation>Ouvrez d&apos;abord un modèle : il n&apos;y a aucune analyse à exporter.</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Exporter le rapport</translation>
    </message>
    <message>
        <source>HTML report, charts embedded (*.html);;PDF document (*.pdf);;Markdown (*.md);;CSV table (*.csv);;JSON (*.json);;Text table (*.txt)</source>
        <translation>Rapport HTML, graphiques intégrés (*.html);;Document PDF (*.pdf);;Markdown (*.md);;Tableau CSV (*.csv);;JSON (*.json);;Tableau texte (*.txt)</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>Rapport écrit dans %1</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>The language changes when LM-Predictor starts again.</source>
        <translation>La langue change au prochain démarrage de LM-Predictor.</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <source>Co&amp;mpare With…</source>
        <translation>Co&amp;mparer avec…</translation>
    </message>
    <message>
        <source>Compare the analysis with another model or other settings</source>
        <translation>Comparer l&apos;analyse avec un autre modèle ou d&apos;autres paramètres</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Génération</translation>
    </message>
    <message>
        <source>&amp;Generation</source>
        <translation>&amp;Génération</translation>
    </message>
    <message>
        <source>Time to first token, time per output token and the KV cache over a generation</source>
        <translation>Temps jusqu&apos;au premier jeton, temps par jeton de sortie et cache KV au fil d&apos;une génération</translation>
    </message>
    <message>
        <source>%1 weights</source>
        <translation>poids %1</translation>
    </message>
</context>
<context>
    <name>lmp::widgets</name>
    <message>
        <source>There is no analysis to export.</source>
        <translation>Il n&apos;y a aucune analyse à exporter.</translation>
    </message>
    <message>
        <source>Cannot tell the format of %1: name it .html, .md, .csv, .json, .pdf or .txt.</source>
        <translation>Impossible de déterminer le format de %1 : nommez-le .html, .md, .csv, .json, .pdf ou .txt.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <source>%1: the PDF could not be rendered</source>
        <translation>%1 : le PDF n&apos;a pas pu être produit</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1 : %2</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::AnalysisRunner</name>
    <message>
        <source>the module database does not load</source>
        <translation>la base de données des modules ne se charge pas</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ArchitectureReview</name>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>validated</source>
        <translation>validé</translation>
    </message>
    <message>
        <source>needs changes</source>
        <translation>modifications requises</translation>
    </message>
    <message>
        <source>rejected (not used)</source>
        <translation>rejeté (non utilisé)</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>invalide</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>config.json, model folder or model id</source>
        <translation>config.json, dossier de modèle ou identifiant de modèle</translation>
    </message>
    <message>
        <source>Open Config…</source>
        <translation>Ouvrir une configuration…</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle :</translation>
    </message>
    <message>
        <source>Module Tree</source>
        <translation>Arborescence des modules</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>Définition</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>votre nom</translation>
    </message>
    <message>
        <source>notes for the record (what you checked, what must change)</source>
        <translation>notes pour l&apos;historique (ce que vous avez vérifié, ce qui doit changer)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Request Changes</source>
        <translation>Demander des modifications</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rejeter</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Statut :</translation>
    </message>
    <message>
        <source>Reviewer:</source>
        <translation>Relecteur :</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Notes :</translation>
    </message>
    <message>
        <source>No user architecture definitions (%1)</source>
        <translation>Aucune définition d&apos;architecture utilisateur (%1)</translation>
    </message>
    <message>
        <source>No definition selected</source>
        <translation>Aucune définition sélectionnée</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>invalide : %1</translation>
    </message>
    <message>
        <source> by %1</source>
        <translation> par %1</translation>
    </message>
    <message>
        <source> on %1</source>
        <translation> le %1</translation>
    </message>
    <message>
        <source>Choose a model (a config.json of this architecture) to see the tree the definition builds.</source>
        <translation>Choisissez un modèle (un config.json de cette architecture) pour voir l&apos;arborescence que construit la définition.</translation>
    </message>
    <message>
        <source>Note: the config&apos;s architecture is %1, which this definition does not list.

</source>
        <translation>Remarque : l&apos;architecture de la configuration est %1, que cette définition ne liste pas.

</translation>
    </message>
    <message>
        <source>The definition does not build a tree for this config:
%1</source>
        <translation>La définition ne construit pas d&apos;arborescence pour cette configuration :
%1</translation>
    </message>
    <message>
        <source>No tree to compare.</source>
        <translation>Aucune arborescence à comparer.</translation>
    </message>
    <message>
        <source>Select a definition and enter your name</source>
        <translation>Sélectionnez une définition et saisissez votre nom</translation>
    </message>
    <message>
        <source>Open config.json</source>
        <translation>Ouvrir config.json</translation>
    </message>
    <message>
        <source>Model configs (*.json);;All files (*)</source>
        <translation>Configurations de modèle (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Select a definition to review.</source>
        <translation>Sélectionnez une définition à relire.</translation>
    </message>
    <message>
        <source>Enter your name: a review records who made it.</source>
        <translation>Saisissez votre nom : une revue enregistre son auteur.</translation>
    </message>
    <message>
        <source>Not written: %1</source>
        <translation>Non écrit : %1</translation>
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
        <translation>Par classe de module</translation>
    </message>
    <message>
        <source>By layer</source>
        <translation>Par couche</translation>
    </message>
    <message>
        <source>Module class: the work of every instance of a class, summed.
Layer: each top-level module, with every decoder layer on its own bar.</source>
        <translation>Classe de module : le travail de toutes les instances d&apos;une classe, additionné.
Couche : chaque module de premier niveau, chaque couche de décodeur ayant sa propre barre.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Matmul FLOPs</source>
        <translation>FLOPs des matmuls</translation>
    </message>
    <message>
        <source>Memory traffic (bytes)</source>
        <translation>Trafic mémoire (octets)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>Grouper :</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Métrique :</translation>
    </message>
    <message>
        <source>%1 (%2 instances)</source>
        <translation>%1 (%2 instances)</translation>
    </message>
    <message>
        <source>other</source>
        <translation>autres</translation>
    </message>
    <message numerus="yes">
        <source>%n other classes</source>
        <translation>
            <numerusform>%n autre classe</numerusform>
            <numerusform>%n autres classes</numerusform>
        </translation>
    </message>
    <message>
        <source>(model)</source>
        <translation>(modèle)</translation>
    </message>
    <message>
        <source>Time needs a device: showing FLOPs. Choose a hardware profile to see the roofline time.</source>
        <translation>Le temps nécessite un accélérateur : affichage des FLOPs. Choisissez un profil matériel pour voir le temps roofline.</translation>
    </message>
    <message>
        <source>Time (%1)</source>
        <translation>Temps (%1)</translation>
    </message>
    <message>
        <source>%1 by module class</source>
        <translation>%1 par classe de module</translation>
    </message>
    <message>
        <source>%1 by layer</source>
        <translation>%1 par couche</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>Répartition</translation>
    </message>
    <message>
        <source>Time is the expected time on the selected device (the roofline bound with the time model&apos;s efficiencies and launch costs); memory traffic counts reads, writes and each intermediate twice.</source>
        <translation>Le temps est le temps attendu sur l&apos;accélérateur choisi (la borne roofline avec les efficacités et les coûts de lancement du modèle de temps) ; le trafic mémoire compte les lectures, les écritures et chaque intermédiaire deux fois.</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ChartExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>Exporter %1</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>Image PNG</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>Dessin SVG</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>The chart is laid out at this size (pixels of 1/96 inch; a PDF&apos;s page is this size)</source>
        <translation>Le graphique est mis en page à cette taille (pixels de 1/96 de pouce ; la page d&apos;un PDF a cette taille)</translation>
    </message>
    <message>
        <source>× </source>
        <translation>× </translation>
    </message>
    <message>
        <source>PNG only: the same picture with this many times the pixels (2 for slides)</source>
        <translation>PNG uniquement : la même image avec autant de fois plus de pixels (2 pour des diapositives)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Fichier :</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat :</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Taille :</translation>
    </message>
    <message>
        <source>S&amp;cale:</source>
        <translation>É&amp;chelle :</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Choose a file to export the chart to.</source>
        <translation>Choisissez un fichier vers lequel exporter le graphique.</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 pixels</translation>
    </message>
    <message>
        <source>Vector drawing of %1 × %2 units</source>
        <translation>Dessin vectoriel de %1 × %2 unités</translation>
    </message>
    <message>
        <source>One page of %1 × %2 mm</source>
        <translation>Une page de %1 × %2 mm</translation>
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
        <translation>FLOPs des matmuls</translation>
    </message>
    <message>
        <source>Bytes read</source>
        <translation>Octets lus</translation>
    </message>
    <message>
        <source>Bytes written</source>
        <translation>Octets écrits</translation>
    </message>
    <message>
        <source>Intermediates</source>
        <translation>Intermédiaires</translation>
    </message>
    <message>
        <source>Memory traffic</source>
        <translation>Trafic mémoire</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>only in B</source>
        <translation>seulement dans B</translation>
    </message>
    <message>
        <source>only in A</source>
        <translation>seulement dans A</translation>
    </message>
    <message>
        <source>Only side B has this module.</source>
        <translation>Seul le côté B a ce module.</translation>
    </message>
    <message>
        <source>Only side A has this module.</source>
        <translation>Seul le côté A a ce module.</translation>
    </message>
    <message>
        <source>The whole model</source>
        <translation>Le modèle entier</translation>
    </message>
    <message>
        <source>%1 identical blocks: the figures are those of one of them.</source>
        <translation>%1 blocs identiques : les valeurs sont celles de l&apos;un d&apos;eux.</translation>
    </message>
    <message>
        <source>Unknown: no formula gives this figure.</source>
        <translation>Inconnu : aucune formule ne donne cette valeur.</translation>
    </message>
    <message>
        <source>B − A = %1</source>
        <translation>B − A = %1</translation>
    </message>
    <message>
        <source>Unknown: a side&apos;s figure is unknown.</source>
        <translation>Inconnu : la valeur d&apos;un côté est inconnue.</translation>
    </message>
    <message>
        <source>B / A = %1</source>
        <translation>B / A = %1</translation>
    </message>
    <message>
        <source>A is 0: no ratio.</source>
        <translation>A vaut 0 : pas de rapport.</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
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
        <translation>Modules dans l&apos;ordre de named_modules() ; une suite de blocs identiques forme une seule ligne, avec les valeurs d&apos;un bloc.</translation>
    </message>
    <message>
        <source>The module&apos;s class (A | B where the sides differ).</source>
        <translation>La classe du module (A | B là où les côtés diffèrent).</translation>
    </message>
    <message>
        <source>%1 of side A, one instance.</source>
        <translation>%1 du côté A, une instance.</translation>
    </message>
    <message>
        <source>%1 of side B, one instance.</source>
        <translation>%1 du côté B, une instance.</translation>
    </message>
    <message>
        <source>%1: B minus A, exact while both are integers.</source>
        <translation>%1 : B moins A, exact tant que les deux sont des entiers.</translation>
    </message>
    <message>
        <source>%1: B divided by A. Red: B needs more; green: B needs less.</source>
        <translation>%1 : B divisé par A. Rouge : B demande plus ; vert : B demande moins.</translation>
    </message>
    <message>
        <source>(model)</source>
        <translation>(modèle)</translation>
    </message>
    <message>
        <source>Expected time</source>
        <translation>Temps attendu</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::CompareView</name>
    <message>
        <source>Analysing side B…</source>
        <translation>Analyse du côté B…</translation>
    </message>
    <message>
        <source>Swap A and B</source>
        <translation>Échanger A et B</translation>
    </message>
    <message>
        <source>Reset B to A</source>
        <translation>Réinitialiser B sur A</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Make B the window&apos;s analysis and A side B</source>
        <translation>Faire de B l&apos;analyse de la fenêtre, et de A le côté B</translation>
    </message>
    <message>
        <source>Set side B&apos;s model and settings to side A&apos;s, to change one thing from there</source>
        <translation>Donner au côté B le modèle et les paramètres du côté A, pour ensuite n&apos;en changer qu&apos;une chose</translation>
    </message>
    <message>
        <source>Write the comparison as HTML, Markdown, CSV, JSON, text or PDF, or the bar chart as PNG or SVG</source>
        <translation>Écrire la comparaison en HTML, Markdown, CSV, JSON, texte ou PDF, ou le graphique à barres en PNG ou SVG</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Métrique :</translation>
    </message>
    <message>
        <source>&lt;b&gt;Side B&lt;/b&gt;</source>
        <translation>&lt;b&gt;Côté B&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modèle :</translation>
    </message>
    <message>
        <source>Side B&apos;s model: the window&apos;s, a recent one, the built-in catalogue, or a model id, config.json or folder typed here (Enter analyses it).</source>
        <translation>Modèle du côté B : celui de la fenêtre, un modèle récent, le catalogue intégré, ou un identifiant de modèle, un config.json ou un dossier saisi ici (Enter lance l&apos;analyse).</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
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
        <translation>&amp;Valeurs</translation>
    </message>
    <message>
        <source>C&amp;hart</source>
        <translation>&amp;Graphique</translation>
    </message>
    <message>
        <source>(none: no time estimates)</source>
        <translation>(aucun : pas d&apos;estimation de temps)</translation>
    </message>
    <message>
        <source>Side B needs a model: choose one or type a model id, a config.json or a folder.</source>
        <translation>Le côté B a besoin d&apos;un modèle : choisissez-en un ou saisissez un identifiant de modèle, un config.json ou un dossier.</translation>
    </message>
    <message>
        <source>Side B: could not open %1: %2</source>
        <translation>Côté B : impossible d&apos;ouvrir %1 : %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;A&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt; the window&apos;s analysis (none yet)</source>
        <translation>&lt;b&gt;A&lt;/b&gt; l&apos;analyse de la fenêtre (aucune pour l&apos;instant)</translation>
    </message>
    <message>
        <source>&lt;b&gt;B&lt;/b&gt; choose a model and settings on the left</source>
        <translation>&lt;b&gt;B&lt;/b&gt; choisissez un modèle et des paramètres à gauche</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Matmul FLOPs</source>
        <translation>FLOPs des matmuls</translation>
    </message>
    <message>
        <source>Bytes read</source>
        <translation>Octets lus</translation>
    </message>
    <message>
        <source>Bytes written</source>
        <translation>Octets écrits</translation>
    </message>
    <message>
        <source>Intermediates</source>
        <translation>Intermédiaires</translation>
    </message>
    <message>
        <source>Memory traffic</source>
        <translation>Trafic mémoire</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Weight bytes</source>
        <translation>Octets des poids</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>Cache KV</translation>
    </message>
    <message>
        <source>Recurrent state</source>
        <translation>État récurrent</translation>
    </message>
    <message>
        <source>Memory footprint</source>
        <translation>Empreinte mémoire</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Unknown: a side&apos;s figure is unknown.</source>
        <translation>Inconnu : la valeur d&apos;un côté est inconnue.</translation>
    </message>
    <message>
        <source>B − A = %1</source>
        <translation>B − A = %1</translation>
    </message>
    <message>
        <source>Unknown, or A is 0</source>
        <translation>Inconnu, ou A vaut 0</translation>
    </message>
    <message>
        <source>B / A = %1</source>
        <translation>B / A = %1</translation>
    </message>
    <message numerus="yes">
        <source>%n other classes</source>
        <translation>
            <numerusform>%n autre classe</numerusform>
            <numerusform>%n autres classes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (FLOP)</source>
        <translation>%1 (FLOP)</translation>
    </message>
    <message>
        <source>%1 (bytes)</source>
        <translation>%1 (octets)</translation>
    </message>
    <message>
        <source>%1 by module class: A against B</source>
        <translation>%1 par classe de module : A contre B</translation>
    </message>
    <message>
        <source> (time needs a device on both sides)</source>
        <translation> (le temps nécessite un accélérateur des deux côtés)</translation>
    </message>
    <message>
        <source>only in B</source>
        <translation>seulement dans B</translation>
    </message>
    <message>
        <source>only in A</source>
        <translation>seulement dans A</translation>
    </message>
    <message>
        <source>every instance of a module class together; B / A at the end of each pair</source>
        <translation>toutes les instances d&apos;une classe de module ensemble ; B / A à la fin de chaque paire</translation>
    </message>
    <message>
        <source>Where the work goes, A against B</source>
        <translation>Répartition du travail, A contre B</translation>
    </message>
    <message>
        <source>%1 of every instance of a module class together; the ratio B / A at the end of each pair</source>
        <translation>%1 de toutes les instances d&apos;une classe de module ensemble ; le rapport B / A à la fin de chaque paire</translation>
    </message>
    <message>
        <source>There is no comparison to export yet.</source>
        <translation>Il n&apos;y a pas encore de comparaison à exporter.</translation>
    </message>
    <message>
        <source>%1: unknown file type; use .html, .md, .csv, .json, .txt or .pdf for the comparison, .png or .svg for the chart.</source>
        <translation>%1 : type de fichier inconnu ; utilisez .html, .md, .csv, .json, .txt ou .pdf pour la comparaison, .png ou .svg pour le graphique.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>Exporter la comparaison</translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF document (*.pdf);;Markdown (*.md);;CSV table (*.csv);;JSON (*.json);;Text (*.txt);;Bar chart as PNG image (*.png);;Bar chart as SVG drawing (*.svg)</source>
        <translation>Page HTML (*.html);;Document PDF (*.pdf);;Markdown (*.md);;Tableau CSV (*.csv);;JSON (*.json);;Texte (*.txt);;Graphique à barres en image PNG (*.png);;Graphique à barres en dessin SVG (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>prefill</source>
        <translation>préremplissage</translation>
    </message>
    <message>
        <source>decode</source>
        <translation>décodage</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>pas d&apos;entraînement</translation>
    </message>
    <message>
        <source>as stored (%1)</source>
        <translation>tels que stockés (%1)</translation>
    </message>
    <message>
        <source>%1, batch %2, %3 new tokens, %4 cached; weights %5, activations %6, KV cache %7</source>
        <translation>%1, lot %2, %3 nouveaux jetons, %4 en cache ; poids %5, activations %6, cache KV %7</translation>
    </message>
    <message>
        <source>eager attention</source>
        <translation>attention eager</translation>
    </message>
    <message>
        <source>fused attention</source>
        <translation>attention fusionnée</translation>
    </message>
    <message>
        <source>fused execution</source>
        <translation>exécution fusionnée</translation>
    </message>
    <message>
        <source>eager execution</source>
        <translation>exécution eager</translation>
    </message>
    <message>
        <source>causal half</source>
        <translation>causal moitié</translation>
    </message>
    <message>
        <source>logits of the last position</source>
        <translation>logits de la dernière position seulement</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) of %1x%2</source>
        <translation>
            <numerusform>%n image de %1x%2</numerusform>
            <numerusform>%n images de %1x%2</numerusform>
        </translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>lot %1</translation>
    </message>
    <message>
        <source>%1 new</source>
        <translation>%1 nouveaux</translation>
    </message>
    <message>
        <source>%1 cached</source>
        <translation>%1 en cache</translation>
    </message>
    <message>
        <source>weights %1</source>
        <translation>poids %1</translation>
    </message>
    <message>
        <source>%1 activations</source>
        <translation>activations %1</translation>
    </message>
    <message>
        <source>%1 KV cache</source>
        <translation>cache KV %1</translation>
    </message>
    <message>
        <source>causal full</source>
        <translation>causal complet</translation>
    </message>
    <message>
        <source>last logits</source>
        <translation>derniers logits</translation>
    </message>
    <message>
        <source>all logits</source>
        <translation>tous les logits</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message>
        <source>no device</source>
        <translation>aucun accélérateur</translation>
    </message>
    <message>
        <source>%1 (the same)</source>
        <translation>%1 (identique)</translation>
    </message>
    <message>
        <source>%1 weights</source>
        <translation>poids %1</translation>
    </message>
    <message>
        <source>The figure the tree and the bar chart compare. Memory traffic counts reads, writes and each intermediate twice; time is the expected time (the roofline bound with the time model&apos;s efficiencies and launch costs).</source>
        <translation>La grandeur que comparent l&apos;arborescence et le graphique en barres. Le trafic mémoire compte les lectures, les écritures et chaque intermédiaire deux fois ; le temps est le temps attendu (la borne roofline avec les efficacités et les coûts de lancement du modèle de temps).</translation>
    </message>
    <message>
        <source>Expected time</source>
        <translation>Temps attendu</translation>
    </message>
    <message>
        <source>Expected time (%1)</source>
        <translation>Temps attendu (%1)</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::FormulaEditor</name>
    <message>
        <source>New entry…</source>
        <translation>Nouvelle entrée…</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Start a database entry for this module&apos;s class</source>
        <translation>Créer une entrée de base de données pour la classe de ce module</translation>
    </message>
    <message>
        <source>Click an error to put the cursor on it</source>
        <translation>Cliquez sur une erreur pour y placer le curseur</translation>
    </message>
    <message>
        <source>Breakdown item</source>
        <translation>Élément de répartition</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Appel</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Arguments</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>Mémo</translation>
    </message>
    <message>
        <source>&quot;memo&quot;: an identical call earlier in this evaluation answered it; its calls are not repeated</source>
        <translation>« mémo » : un appel identique antérieur dans cette évaluation y a répondu ; ses appels ne sont pas répétés</translation>
    </message>
    <message>
        <source>Store the edited templates as a new revision of the entry (pending review)</source>
        <translation>Enregistrer les gabarits modifiés comme nouvelle révision de l&apos;entrée (en attente de relecture)</translation>
    </message>
    <message>
        <source>Drop the edits that were not applied</source>
        <translation>Abandonner les modifications non appliquées</translation>
    </message>
    <message>
        <source>Ctrl+Space completes</source>
        <translation>Ctrl+Space : complétion</translation>
    </message>
    <message>
        <source>Select a module to see and edit its formulas.</source>
        <translation>Sélectionnez un module pour voir et modifier ses formules.</translation>
    </message>
    <message>
        <source>Add template</source>
        <translation>Ajouter un gabarit</translation>
    </message>
    <message>
        <source>This entry has no %1: the figure is unknown (not 0). Add a template to give it.</source>
        <translation>Cette entrée n&apos;a pas de %1 : la valeur est inconnue (et non 0). Ajoutez un gabarit pour la fournir.</translation>
    </message>
    <message>
        <source>Matmul</source>
        <translation>Matmul</translation>
    </message>
    <message>
        <source>Reads</source>
        <translation>Lectures</translation>
    </message>
    <message>
        <source>Writes</source>
        <translation>Écritures</translation>
    </message>
    <message>
        <source>Intermediates</source>
        <translation>Intermédiaires</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Params</translation>
    </message>
    <message>
        <source>flop_analysis.breakdown.%1: one item of the FLOPs</source>
        <translation>flop_analysis.breakdown.%1 : un élément des FLOPs</translation>
    </message>
    <message>
        <source>No analysis to evaluate on.</source>
        <translation>Aucune analyse sur laquelle évaluer.</translation>
    </message>
    <message>
        <source>On %1: %2; other names from the analysis context.</source>
        <translation>Sur %1 : %2 ; les autres noms viennent du contexte d&apos;analyse.</translation>
    </message>
    <message>
        <source>the selected module</source>
        <translation>le module sélectionné</translation>
    </message>
    <message>
        <source>nothing bound</source>
        <translation>aucune liaison</translation>
    </message>
    <message>
        <source>The selected module is a %1, not of this entry&apos;s class: evaluated on the analysis context alone.</source>
        <translation>Le module sélectionné est un %1, pas de la classe de cette entrée : évalué sur le seul contexte d&apos;analyse.</translation>
    </message>
    <message>
        <source>No module of this class is selected: evaluated on the analysis context alone.</source>
        <translation>Aucun module de cette classe n&apos;est sélectionné : évalué sur le seul contexte d&apos;analyse.</translation>
    </message>
    <message>
        <source>Unbound: %1.</source>
        <translation>Non liés : %1.</translation>
    </message>
    <message>
        <source>Analysis context: %1</source>
        <translation>Contexte d&apos;analyse : %1</translation>
    </message>
    <message>
        <source>unknown: the entry has no %1</source>
        <translation>inconnu : l&apos;entrée n&apos;a pas de %1</translation>
    </message>
    <message>
        <source>no value: the template has an error</source>
        <translation>aucune valeur : le gabarit contient une erreur</translation>
    </message>
    <message>
        <source>no value: the template has %1 errors</source>
        <translation>aucune valeur : le gabarit contient %1 erreurs</translation>
    </message>
    <message>
        <source>no value: no analysis to evaluate on</source>
        <translation>aucune valeur : aucune analyse sur laquelle évaluer</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>erreur : %1</translation>
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
        <translation>(un nombre réel)</translation>
    </message>
    <message>
        <source>this template</source>
        <translation>ce gabarit</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>memo</source>
        <translation>mémo</translation>
    </message>
    <message>
        <source>answered by an identical call earlier in this evaluation</source>
        <translation>réponse fournie par un appel identique antérieur dans cette évaluation</translation>
    </message>
    <message>
        <source>no value</source>
        <translation>aucune valeur</translation>
    </message>
    <message>
        <source>Σ breakdown: no value for %1</source>
        <translation>Σ répartition : aucune valeur pour %1</translation>
    </message>
    <message>
        <source>Σ breakdown: the sum overflows</source>
        <translation>Σ répartition : la somme déborde</translation>
    </message>
    <message>
        <source>Σ breakdown = %1; formula_template has no value</source>
        <translation>Σ répartition = %1 ; formula_template n&apos;a pas de valeur</translation>
    </message>
    <message>
        <source>Σ breakdown = %1 = formula_template ✓</source>
        <translation>Σ répartition = %1 = formula_template ✓</translation>
    </message>
    <message>
        <source>Σ breakdown = %1 ≠ formula_template %2 (difference %3)</source>
        <translation>Σ répartition = %1 ≠ formula_template %2 (différence %3)</translation>
    </message>
    <message>
        <source>(the model)</source>
        <translation>(le modèle)</translation>
    </message>
    <message>
        <source>No module selected</source>
        <translation>Aucun module sélectionné</translation>
    </message>
    <message>
        <source>validated</source>
        <translation>validé</translation>
    </message>
    <message>
        <source>pending: not reviewed</source>
        <translation>en attente : non relu</translation>
    </message>
    <message>
        <source>needs changes: not reviewed</source>
        <translation>modifications requises : non relu</translation>
    </message>
    <message>
        <source>rejected: the analysis does not use it</source>
        <translation>rejeté : l&apos;analyse ne l&apos;utilise pas</translation>
    </message>
    <message>
        <source>Entry %1 · %2</source>
        <translation>Entrée %1 · %2</translation>
    </message>
    <message>
        <source>Fix the errors first: a template with errors cannot be applied</source>
        <translation>Corrigez d&apos;abord les erreurs : un gabarit contenant des erreurs ne peut pas être appliqué</translation>
    </message>
    <message>
        <source>parameter of this entry</source>
        <translation>paramètre de cette entrée</translation>
    </message>
    <message>
        <source>parameter of this entry, = %1 here</source>
        <translation>paramètre de cette entrée, = %1 ici</translation>
    </message>
    <message>
        <source>parameter of %1</source>
        <translation>paramètre de %1</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::FormulaLexer</name>
    <message>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Paramètre</translation>
    </message>
    <message>
        <source>Module call</source>
        <translation>Appel de module</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>Argument name</source>
        <translation>Nom d&apos;argument</translation>
    </message>
    <message>
        <source>Parenthesis or comma</source>
        <translation>Parenthèse ou virgule</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::GenerationView</name>
    <message>
        <source>Tokens in the prompt: the prefill that produces the first output token</source>
        <translation>Jetons du prompt : le préremplissage qui produit le premier jeton de sortie</translation>
    </message>
    <message>
        <source>Output tokens per sequence, the first one included</source>
        <translation>Jetons de sortie par séquence, le premier inclus</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt :</translation>
    </message>
    <message>
        <source>Output tokens:</source>
        <translation>Jetons de sortie :</translation>
    </message>
    <message>
        <source>output token</source>
        <translation>jeton de sortie</translation>
    </message>
    <message>
        <source>step time (ms)</source>
        <translation>durée du pas (ms)</translation>
    </message>
    <message>
        <source>memory footprint (GB)</source>
        <translation>empreinte mémoire (GB)</translation>
    </message>
    <message>
        <source>Open a model to see how long serving it takes.</source>
        <translation>Ouvrez un modèle pour voir le temps nécessaire pour le servir.</translation>
    </message>
    <message>
        <source>Choose a device to see the time to first token and the time per output token.</source>
        <translation>Choisissez un accélérateur pour voir le temps jusqu&apos;au premier jeton et le temps par jeton de sortie.</translation>
    </message>
    <message>
        <source>Generation is for inference: choose prefill or decode.</source>
        <translation>La génération concerne l&apos;inférence : choisissez préremplissage ou décodage.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>attendu</translation>
    </message>
    <message>
        <source>bound</source>
        <translation>borne</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Temps jusqu&apos;au premier jeton</translation>
    </message>
    <message>
        <source>Time per output token</source>
        <translation>Temps par jeton de sortie</translation>
    </message>
    <message>
        <source>  first / last step</source>
        <translation>  premier / dernier pas</translation>
    </message>
    <message>
        <source>End-to-end</source>
        <translation>De bout en bout</translation>
    </message>
    <message>
        <source>Output tokens/s</source>
        <translation>Jetons de sortie/s</translation>
    </message>
    <message>
        <source>Decode tokens/s</source>
        <translation>Jetons de décodage/s</translation>
    </message>
    <message>
        <source>KV cache at the end</source>
        <translation>Cache KV à la fin</translation>
    </message>
    <message>
        <source>Footprint at the end</source>
        <translation>Empreinte à la fin</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>sur %1</translation>
    </message>
    <message>
        <source>Memory full at</source>
        <translation>Mémoire pleine à</translation>
    </message>
    <message>
        <source>%L1 tokens</source>
        <translation>%L1 jetons</translation>
    </message>
    <message>
        <source>%1 execution on %2;&lt;br&gt;%3.</source>
        <translation>Exécution %1 sur %2 ;&lt;br&gt;%3.</translation>
    </message>
    <message>
        <source>Fused</source>
        <translation>fusionnée</translation>
    </message>
    <message>
        <source>Eager</source>
        <translation>eager</translation>
    </message>
    <message>
        <source>efficiencies fitted to measured kernels</source>
        <translation>efficacités ajustées sur des noyaux mesurés</translation>
    </message>
    <message>
        <source>default efficiencies, not measured on this device</source>
        <translation>efficacités par défaut, non mesurées sur cet accélérateur</translation>
    </message>
    <message>
        <source>%1 decode steps analysed, the others interpolated.</source>
        <translation>%1 pas de décodage analysés, les autres interpolés.</translation>
    </message>
    <message>
        <source>The footprint exceeds the device&apos;s memory.</source>
        <translation>L&apos;empreinte dépasse la mémoire de l&apos;accélérateur.</translation>
    </message>
    <message>
        <source>expected step time</source>
        <translation>durée de pas attendue</translation>
    </message>
    <message>
        <source>roofline bound</source>
        <translation>borne roofline</translation>
    </message>
    <message>
        <source>footprint</source>
        <translation>empreinte</translation>
    </message>
    <message>
        <source>device memory %1</source>
        <translation>mémoire de l&apos;accélérateur %1</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::HistoryView</name>
    <message>
        <source>user</source>
        <translation>utilisateur</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>intégrée</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Révision</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Auteur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Select a revision to see what it changed, or two rows to compare them</source>
        <translation>Sélectionnez une révision pour voir ce qu&apos;elle a modifié, ou deux lignes pour les comparer</translation>
    </message>
    <message>
        <source>No entry selected.</source>
        <translation>Aucune entrée sélectionnée.</translation>
    </message>
    <message>
        <source>No entry %1 in the database.</source>
        <translation>Aucune entrée %1 dans la base de données.</translation>
    </message>
    <message>
        <source>%1 revision %2</source>
        <translation>révision %2 (%1)</translation>
    </message>
    <message>
        <source>current</source>
        <translation>actuelle</translation>
    </message>
    <message>
        <source>the entry as it is now</source>
        <translation>l&apos;entrée dans son état actuel</translation>
    </message>
    <message>
        <source>current entry</source>
        <translation>entrée actuelle</translation>
    </message>
    <message>
        <source>Select a revision to see what it changed, or two to compare them.</source>
        <translation>Sélectionnez une révision pour voir ce qu&apos;elle a modifié, ou deux pour les comparer.</translation>
    </message>
    <message>
        <source>current %1 entry</source>
        <translation>entrée %1 actuelle</translation>
    </message>
    <message>
        <source>%1 entry before its first revision</source>
        <translation>entrée %1 avant sa première révision</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>No diff: %1</source>
        <translation>Pas de diff : %1</translation>
    </message>
    <message>
        <source> (no changes)</source>
        <translation> (aucune modification)</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::MarkdownView</name>
    <message>
        <source>[The text is %1 KB: its first %2 KB are shown, as plain text.]</source>
        <translation>[Le texte fait %1 KB : ses %2 premiers KB sont affichés en texte brut.]</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[image]</translation>
    </message>
    <message>
        <source>[image: %1]</source>
        <translation>[image : %1]</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ModelBrowserDialog</name>
    <message>
        <source>Open Model</source>
        <translation>Ouvrir un modèle</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Révision</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Poids</translation>
    </message>
    <message>
        <source>The model id; the cached copy&apos;s folder in the tooltip</source>
        <translation>L&apos;id du modèle ; le dossier de la copie en cache dans l&apos;infobulle</translation>
    </message>
    <message>
        <source>architectures[0] of the config: the class that selects the architecture definition</source>
        <translation>architectures[0] de la config : la classe qui sélectionne la définition d&apos;architecture</translation>
    </message>
    <message>
        <source>model_type of the config</source>
        <translation>model_type de la config</translation>
    </message>
    <message>
        <source>The snapshot of the Hugging Face cache: the one refs/main names</source>
        <translation>L&apos;instantané du cache Hugging Face : celui que désigne refs/main</translation>
    </message>
    <message>
        <source>Size of the snapshot&apos;s safetensors files, when downloaded</source>
        <translation>Taille des fichiers safetensors de l&apos;instantané, une fois téléchargés</translation>
    </message>
    <message>
        <source>Filter by id, architecture or type</source>
        <translation>Filtrer par id, architecture ou type</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Read the Hugging Face cache again</source>
        <translation>Relire le cache Hugging Face</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <source>Published configs built into LM-Predictor, and the models downloaded into the local Hugging Face cache. Only config.json is read: nothing is downloaded or loaded.</source>
        <translation>Configs publiées intégrées à LM-Predictor, et modèles téléchargés dans le cache Hugging Face local. Seul config.json est lu : rien n&apos;est téléchargé ni chargé.</translation>
    </message>
    <message>
        <source>Built-in catalogue</source>
        <translation>Catalogue intégré</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n modèle</numerusform>
            <numerusform>%n modèles</numerusform>
        </translation>
    </message>
    <message>
        <source>Published config.json files shipped with LM-Predictor; they open offline</source>
        <translation>Fichiers config.json publiés, fournis avec LM-Predictor ; ils s&apos;ouvrent hors ligne</translation>
    </message>
    <message>
        <source>The config only: the built-in catalogue holds no weights</source>
        <translation>La config uniquement : le catalogue intégré ne contient aucun poids</translation>
    </message>
    <message>
        <source>Hugging Face cache</source>
        <translation>Cache Hugging Face</translation>
    </message>
    <message>
        <source>Searched: %1</source>
        <translation>Recherché dans : %1</translation>
    </message>
    <message>
        <source>unreadable config</source>
        <translation>config illisible</translation>
    </message>
    <message>
        <source>config only</source>
        <translation>config uniquement</translation>
    </message>
    <message>
        <source>The config.json cannot be parsed or names no architecture; opening it shows why</source>
        <translation>Le config.json ne peut pas être analysé ou ne nomme aucune architecture ; l&apos;ouvrir en montre la raison</translation>
    </message>
    <message>
        <source>No safetensors files in this snapshot</source>
        <translation>Aucun fichier safetensors dans cet instantané</translation>
    </message>
    <message>
        <source>No Hugging Face cache folder to search</source>
        <translation>Aucun dossier de cache Hugging Face à parcourir</translation>
    </message>
    <message>
        <source>No models with a config.json in %1</source>
        <translation>Aucun modèle avec un config.json dans %1</translation>
    </message>
    <message>
        <source>Set HF_HUB_CACHE or HF_HOME to search another folder</source>
        <translation>Définissez HF_HUB_CACHE ou HF_HOME pour chercher dans un autre dossier</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ModuleTreeModel</name>
    <message>
        <source>(model)</source>
        <translation>(modèle)</translation>
    </message>
    <message>
        <source>compute</source>
        <translation>calcul</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>mémoire</translation>
    </message>
    <message>
        <source> (%1 instances)</source>
        <translation> (%1 instances)</translation>
    </message>
    <message>
        <source>No database entry: the figures are the sum of its modules.</source>
        <translation>Aucune entrée dans la base de données : les valeurs sont la somme de ses modules.</translation>
    </message>
    <message>
        <source>Some modules inside could not be evaluated; their work is missing.</source>
        <translation>Certains modules internes n&apos;ont pas pu être évalués ; leur travail manque.</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>octets</translation>
    </message>
    <message>
        <source>%1 each</source>
        <translation>%1 par instance</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>paramètres</translation>
    </message>
    <message>
        <source>bytes of weights in %1</source>
        <translation>octets de poids en %1</translation>
    </message>
    <message>
        <source>Choose a device to estimate time.</source>
        <translation>Choisissez un accélérateur pour estimer le temps.</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>FLOPs (self)</source>
        <translation>FLOPs (propres)</translation>
    </message>
    <message>
        <source>Matmul (self)</source>
        <translation>Matmul (propres)</translation>
    </message>
    <message>
        <source>Matmul</source>
        <translation>Matmul</translation>
    </message>
    <message>
        <source>Reads (B)</source>
        <translation>Lectures (B)</translation>
    </message>
    <message>
        <source>Writes (B)</source>
        <translation>Écritures (B)</translation>
    </message>
    <message>
        <source>Intermediates (B)</source>
        <translation>Intermédiaires (B)</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Params</translation>
    </message>
    <message>
        <source>Weights (B)</source>
        <translation>Poids (B)</translation>
    </message>
    <message>
        <source>FLOP/B</source>
        <translation>FLOP/B</translation>
    </message>
    <message>
        <source>Bound</source>
        <translation>Limite</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>The module&apos;s attribute name, as named_modules() lists it. A run of identical blocks is one row (×N) holding their total; expand it to see each instance.</source>
        <translation>Le nom d&apos;attribut du module, tel que named_modules() le liste. Une suite de blocs identiques forme une seule ligne (×N) contenant leur total ; développez-la pour voir chaque instance.</translation>
    </message>
    <message>
        <source>The module&apos;s class (full path in the tooltip).</source>
        <translation>La classe du module (chemin complet dans l&apos;infobulle).</translation>
    </message>
    <message>
        <source>Floating-point operations: a multiply-add counts 2, as torch.utils.flop_counter counts.</source>
        <translation>Opérations en virgule flottante : une multiplication-addition compte pour 2, comme dans torch.utils.flop_counter.</translation>
    </message>
    <message>
        <source>The FLOPs of matrix multiplications (run on the matrix units).</source>
        <translation>Les FLOPs des multiplications matricielles (exécutées sur les unités matricielles).</translation>
    </message>
    <message>
        <source>Bytes read from device memory: weights, inputs, KV cache.</source>
        <translation>Octets lus depuis la mémoire de l&apos;accélérateur : poids, entrées, cache KV.</translation>
    </message>
    <message>
        <source>Bytes written to device memory: outputs, KV cache updates.</source>
        <translation>Octets écrits dans la mémoire de l&apos;accélérateur : sorties, mises à jour du cache KV.</translation>
    </message>
    <message>
        <source>Bytes of temporary tensors written and read back inside the module.</source>
        <translation>Octets des tenseurs temporaires écrits puis relus à l&apos;intérieur du module.</translation>
    </message>
    <message>
        <source>Parameters (tied weights counted once).</source>
        <translation>Paramètres (poids liés comptés une seule fois).</translation>
    </message>
    <message>
        <source>Parameters times the bytes per weight of the chosen weight dtype.</source>
        <translation>Paramètres multipliés par les octets par poids du type de données des poids choisi.</translation>
    </message>
    <message>
        <source>Arithmetic intensity: FLOPs per byte of memory traffic (reads + writes + twice the intermediates).</source>
        <translation>Intensité arithmétique : FLOPs par octet de trafic mémoire (lectures + écritures + deux fois les intermédiaires).</translation>
    </message>
    <message>
        <source>Which roof limits the module on the chosen device: compute or memory bandwidth.</source>
        <translation>Quel toit limite le module sur l&apos;accélérateur choisi : le calcul ou la bande passante mémoire.</translation>
    </message>
    <message>
        <source>Share of the model&apos;s total time (of its FLOPs without a device).</source>
        <translation>Part du temps total du modèle (de ses FLOPs sans accélérateur).</translation>
    </message>
    <message>
        <source>validated</source>
        <translation>validé</translation>
    </message>
    <message>
        <source>validated, calls unreviewed</source>
        <translation>validé, appels non relus</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>needs changes</source>
        <translation>modifications requises</translation>
    </message>
    <message>
        <source>not used: %1</source>
        <translation>non utilisé : %1</translation>
    </message>
    <message>
        <source>(unreviewed inside)</source>
        <translation>(non relu à l&apos;intérieur)</translation>
    </message>
    <message>
        <source>Uses unreviewed formulas: %1</source>
        <translation>Utilise des formules non relues : %1</translation>
    </message>
    <message>
        <source>Its figures use formulas nobody has validated yet: %1</source>
        <translation>Ses valeurs utilisent des formules que personne n&apos;a encore validées : %1</translation>
    </message>
    <message>
        <source>Some modules inside use formulas nobody has validated yet.</source>
        <translation>Certains modules internes utilisent des formules que personne n&apos;a encore validées.</translation>
    </message>
    <message>
        <source>Its formulas were reviewed and validated.</source>
        <translation>Ses formules ont été relues et validées.</translation>
    </message>
    <message>
        <source>bytes of weights at the checkpoint&apos;s %1 bytes per parameter on average (%2)</source>
        <translation>octets de poids à %1 octets par paramètre en moyenne dans le checkpoint (%2)</translation>
    </message>
    <message>
        <source>%1 s expected on %2 (%3 execution)</source>
        <translation>Temps attendu sur %2 : %1 s (exécution %3)</translation>
    </message>
    <message>
        <source>fused</source>
        <translation>fusionnée</translation>
    </message>
    <message>
        <source>eager</source>
        <translation>eager</translation>
    </message>
    <message>
        <source>%1 s roofline bound on %2: no kernel runs faster</source>
        <translation>Borne roofline sur %2 : %1 s ; aucun noyau n&apos;est plus rapide</translation>
    </message>
    <message>
        <source>Bound time</source>
        <translation>Borne de temps</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revue</translation>
    </message>
    <message>
        <source>Expected time: every kernel at the efficiency measured kernels reach on the device, with a floor and a launch cost per kernel, in the chosen execution model (eager or fused).</source>
        <translation>Temps attendu : chaque noyau à l&apos;efficacité qu&apos;atteignent les noyaux mesurés sur l&apos;accélérateur, avec un plancher et un coût de lancement par noyau, dans le modèle d&apos;exécution choisi (eager ou fusionné).</translation>
    </message>
    <message>
        <source>Roofline bound: max(matmul FLOPs / matrix peak + other FLOPs / vector peak, bytes / bandwidth) at the datasheet&apos;s peaks, summed over the kernels: no measurement is below it.</source>
        <translation>Borne roofline : max(FLOPs matmul / crête matricielle + autres FLOPs / crête vectorielle, octets / bande passante) aux crêtes de la fiche technique, sommée sur les noyaux : aucune mesure n&apos;est en dessous.</translation>
    </message>
    <message>
        <source>The review status of the module&apos;s database entry. Pending and needs-changes formulas are used and marked; rejected ones are never used.</source>
        <translation>Le statut de revue de l&apos;entrée de base de données du module. Les formules en attente ou à modifications requises sont utilisées et signalées ; les formules rejetées ne sont jamais utilisées.</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ReviewModel</name>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Needs changes</source>
        <translation>Modifications requises</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validé</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeté</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Invalide</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>user</source>
        <translation>utilisateur</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>intégrée</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Clé : %1</translation>
    </message>
    <message>
        <source>A user entry that overrides the built-in one</source>
        <translation>Une entrée utilisateur qui remplace l&apos;entrée intégrée</translation>
    </message>
    <message>
        <source>A user entry (not in the built-in database)</source>
        <translation>Une entrée utilisateur (absente de la base de données intégrée)</translation>
    </message>
    <message>
        <source>Reviewed by %1 on %2</source>
        <translation>Relu par %1 le %2</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Notes : %1</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <source>Validator</source>
        <translation>Validateur</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::ReviewPane</name>
    <message>
        <source>    (none: unknown)
</source>
        <translation>    (aucun : inconnu)
</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>FLOP parameters: %1

</source>
        <translation>Paramètres FLOP : %1

</translation>
    </message>
    <message>
        <source>Memory parameters: %1

</source>
        <translation>Paramètres mémoire : %1

</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>Select an entry to review it.</source>
        <translation>Sélectionnez une entrée pour la relire.</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <source>Mark the entry validated; A in the list</source>
        <translation>Marquer l&apos;entrée comme validée ; A dans la liste</translation>
    </message>
    <message>
        <source>Request &amp;Changes</source>
        <translation>Demander des &amp;modifications</translation>
    </message>
    <message>
        <source>Send the entry back for changes; C in the list</source>
        <translation>Renvoyer l&apos;entrée pour modifications ; C dans la liste</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Rejeter</translation>
    </message>
    <message>
        <source>Reject the entry; R in the list</source>
        <translation>Rejeter l&apos;entrée ; R dans la liste</translation>
    </message>
    <message>
        <source>&amp;Next Pending Entry</source>
        <translation>Entrée en attente &amp;suivante</translation>
    </message>
    <message>
        <source>Select the next pending entry; J in the list</source>
        <translation>Sélectionner l&apos;entrée en attente suivante ; J dans la liste</translation>
    </message>
    <message>
        <source>&amp;Previous Pending Entry</source>
        <translation>Entrée en attente &amp;précédente</translation>
    </message>
    <message>
        <source>Select the previous pending entry; K in the list</source>
        <translation>Sélectionner l&apos;entrée en attente précédente ; K dans la liste</translation>
    </message>
    <message>
        <source>Review &amp;Notes</source>
        <translation>&amp;Notes de revue</translation>
    </message>
    <message>
        <source>Write the review&apos;s notes; N in the list</source>
        <translation>Rédiger les notes de la revue ; N dans la liste</translation>
    </message>
    <message>
        <source>Filter modules (/)</source>
        <translation>Filtrer les modules (/)</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>intégrée</translation>
    </message>
    <message>
        <source>Your name (required)</source>
        <translation>Votre nom (obligatoire)</translation>
    </message>
    <message>
        <source>Notes for the entry&apos;s history (Ctrl+Shift+N)</source>
        <translation>Notes pour l&apos;historique de l&apos;entrée (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Re&amp;viewer:</source>
        <translation>Re&amp;lecteur :</translation>
    </message>
    <message>
        <source>Source Code</source>
        <translation>Code source</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <source>Thinking Process</source>
        <translation>Raisonnement</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Gabarits</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Vérifications</translation>
    </message>
    <message>
        <source>Breakdown on the Model</source>
        <translation>Répartition sur le modèle</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>Garder les miennes</translation>
    </message>
    <message>
        <source>Keep the entries as they are here; the next save overwrites the file</source>
        <translation>Conserver les entrées telles qu&apos;elles sont ici ; le prochain enregistrement écrasera le fichier</translation>
    </message>
    <message>
        <source>No database entry for %1.</source>
        <translation>Aucune entrée de base de données pour %1.</translation>
    </message>
    <message>
        <source>The entry %1 is no longer in the database.</source>
        <translation>L&apos;entrée %1 n&apos;est plus dans la base de données.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>user entry (overrides the built-in one)</source>
        <translation>entrée utilisateur (remplace l&apos;entrée intégrée)</translation>
    </message>
    <message>
        <source>user entry</source>
        <translation>entrée utilisateur</translation>
    </message>
    <message>
        <source>built-in entry</source>
        <translation>entrée intégrée</translation>
    </message>
    <message>
        <source> · reviewed by %1 on %2</source>
        <translation> · relue par %1 (%2)</translation>
    </message>
    <message>
        <source>an unknown date</source>
        <translation>date inconnue</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Notes : %1</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>Instances</translation>
    </message>
    <message>
        <source>Sum = total</source>
        <translation>Somme = total</translation>
    </message>
    <message>
        <source>Total (formula_template)</source>
        <translation>Total (formula_template)</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Somme</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>The breakdown sums to the total</source>
        <translation>La somme de la répartition égale le total</translation>
    </message>
    <message>
        <source>The breakdown does not sum to the total</source>
        <translation>La somme de la répartition n&apos;égale pas le total</translation>
    </message>
    <message>
        <source>The entry has no breakdown</source>
        <translation>L&apos;entrée n&apos;a pas de répartition</translation>
    </message>
    <message>
        <source>The breakdown or the total does not evaluate</source>
        <translation>La répartition ou le total ne peut pas être évalué</translation>
    </message>
    <message>
        <source>Bound on the module: %1
Everything else from the analysis: %2</source>
        <translation>Lié sur le module : %1
Tout le reste vient de l&apos;analyse : %2</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>rien</translation>
    </message>
    <message>
        <source>%1 on %2: %3 %4 of this class (FLOPs of one instance each; %5 phase, batch %6, %7 tokens)</source>
        <translation>%1 sur %2 : %3 %4 de cette classe (FLOPs d&apos;une instance chacun ; phase %5, lot %6, %7 jetons)</translation>
    </message>
    <message>
        <source>module</source>
        <translation>module</translation>
    </message>
    <message>
        <source>modules</source>
        <translation>modules</translation>
    </message>
    <message>
        <source>; the training step counts three times these forward figures</source>
        <translation>; le pas d&apos;entraînement compte trois fois ces valeurs de la passe avant</translation>
    </message>
    <message>
        <source>. The entry has no breakdown.</source>
        <translation>. L&apos;entrée n&apos;a pas de répartition.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Database entry</source>
        <translation>Entrée de la base de données</translation>
    </message>
    <message>
        <source>On the model</source>
        <translation>Sur le modèle</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>All %1 checks pass.</source>
        <translation>Les %1 vérifications réussissent.</translation>
    </message>
    <message>
        <source>%1 of %2 checks fail: see Checks.</source>
        <translation>Vérifications en échec : %1 sur %2 ; voir Vérifications.</translation>
    </message>
    <message>
        <source>Looking for the source of %1…</source>
        <translation>Recherche de la source de %1…</translation>
    </message>
    <message>
        <source>Select an entry to review first.</source>
        <translation>Sélectionnez d&apos;abord une entrée à relire.</translation>
    </message>
    <message>
        <source>Enter your name as the reviewer first: every review records who made it.</source>
        <translation>Saisissez d&apos;abord votre nom de relecteur : chaque revue enregistre son auteur.</translation>
    </message>
    <message>
        <source>Not reviewed: %1</source>
        <translation>Non relu : %1</translation>
    </message>
    <message>
        <source>%1: %2 by %3. Undo takes it back.</source>
        <translation>%1 : %2 par %3. Annuler pour revenir en arrière.</translation>
    </message>
    <message>
        <source>No pending entry after this one.</source>
        <translation>Aucune entrée en attente après celle-ci.</translation>
    </message>
    <message>
        <source>No pending entry before this one.</source>
        <translation>Aucune entrée en attente avant celle-ci.</translation>
    </message>
    <message>
        <source>The database file was changed by another program.</source>
        <translation>Le fichier de base de données a été modifié par un autre programme.</translation>
    </message>
    <message>
        <source>The file could not be read again; nothing changed: %1</source>
        <translation>Impossible de relire le fichier ; rien n&apos;a changé : %1</translation>
    </message>
    <message>
        <source>Reloaded %1.</source>
        <translation>%1 rechargé.</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::RooflinePlot</name>
    <message>
        <source>Arithmetic intensity (FLOP/byte)</source>
        <translation>Intensité arithmétique (FLOP/octet)</translation>
    </message>
    <message>
        <source>Performance (FLOP/s)</source>
        <translation>Performance (FLOP/s)</translation>
    </message>
    <message>
        <source>Roofline: %1</source>
        <translation>Roofline : %1</translation>
    </message>
    <message>
        <source>Roofline</source>
        <translation>Roofline</translation>
    </message>
    <message>
        <source>No analysis yet.</source>
        <translation>Pas encore d&apos;analyse.</translation>
    </message>
    <message>
        <source>No hardware profile selected.
Choose a device to see the roofline.</source>
        <translation>Aucun profil matériel sélectionné.
Choisissez un accélérateur pour voir la roofline.</translation>
    </message>
    <message>
        <source>%1 publishes no compute peaks (or no bandwidth),
so it has no roofline.</source>
        <translation>%1 ne publie pas de crêtes de calcul (ou pas de bande passante),
et n&apos;a donc pas de roofline.</translation>
    </message>
    <message>
        <source>other</source>
        <translation>autre</translation>
    </message>
    <message>
        <source>Matrix roof %1 (%2)</source>
        <translation>Toit matriciel %1 (%2)</translation>
    </message>
    <message>
        <source>Vector roof %1</source>
        <translation>Toit vectoriel %1</translation>
    </message>
    <message>
        <source>ridge %1 FLOP/B</source>
        <translation>coude %1 FLOP/B</translation>
    </message>
    <message>
        <source>(model)</source>
        <translation>(modèle)</translation>
    </message>
    <message>
        <source>%1 (first of %2 instances)</source>
        <translation>%1 (première de %2 instances)</translation>
    </message>
    <message>
        <source>Own work only (its children are separate points)</source>
        <translation>Travail propre uniquement (ses enfants sont des points distincts)</translation>
    </message>
    <message>
        <source>Per instance: %1, %2 of traffic</source>
        <translation>Par instance : %1, %2 de trafic</translation>
    </message>
    <message>
        <source>Intensity: %1 FLOP/B</source>
        <translation>Intensité : %1 FLOP/B</translation>
    </message>
    <message>
        <source>Attained: %1</source>
        <translation>Atteint : %1</translation>
    </message>
    <message>
        <source>Time: %1 per instance, %2 for all</source>
        <translation>Temps : %1 par instance, %2 au total</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>Temps : %1</translation>
    </message>
    <message>
        <source>Compute-bound</source>
        <translation>Limité par le calcul</translation>
    </message>
    <message>
        <source>Memory-bound</source>
        <translation>Limité par la mémoire</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::SettingsPanel</name>
    <message>
        <source>Skip masked blocks (half)</source>
        <translation>Ignorer les blocs masqués (moitié)</translation>
    </message>
    <message>
        <source>Last position only</source>
        <translation>Dernière position seulement</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>Préremplissage</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>Décodage</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>Pas d&apos;entraînement</translation>
    </message>
    <message>
        <source>Prefill: the prompt in one forward pass. Decode: new tokens on a KV cache of past tokens. Training step: forward and backward.</source>
        <translation>Préremplissage : le prompt en une seule passe avant. Décodage : nouveaux jetons sur un cache KV de jetons passés. Pas d&apos;entraînement : passes avant et arrière.</translation>
    </message>
    <message>
        <source>Sequences processed together (B).</source>
        <translation>Séquences traitées ensemble (B).</translation>
    </message>
    <message>
        <source>New tokens per sequence in this step (S); a decode step usually has 1.</source>
        <translation>Nouveaux jetons par séquence dans ce pas (S) ; un pas de décodage en a généralement 1.</translation>
    </message>
    <message>
        <source>Activation dtype: bytes per activation and which compute peak applies.</source>
        <translation>Type de données des activations : octets par activation et crête de calcul applicable.</translation>
    </message>
    <message>
        <source>Bytes per KV-cache element.</source>
        <translation>Octets par élément du cache KV.</translation>
    </message>
    <message>
        <source>SDPA / flash (fused)</source>
        <translation>SDPA / flash (fusionnée)</translation>
    </message>
    <message>
        <source>Eager (scores in memory)</source>
        <translation>Eager (scores en mémoire)</translation>
    </message>
    <message>
        <source>Eager attention writes the score matrix to memory; SDPA and flash kernels, transformers&apos; default, do not.</source>
        <translation>L&apos;attention eager écrit la matrice des scores en mémoire ; les noyaux SDPA et flash, par défaut dans transformers, non.</translation>
    </message>
    <message>
        <source>Count causal attention as fused kernels run it, skipping the masked half; off: the full score matrix, as torch.utils.flop_counter counts it.</source>
        <translation>Compter l&apos;attention causale comme l&apos;exécutent les noyaux fusionnés, en sautant la moitié masquée ; désactivé : la matrice des scores complète, comme la compte torch.utils.flop_counter.</translation>
    </message>
    <message>
        <source>Generation computes the LM head on the last position only.</source>
        <translation>La génération calcule la tête LM sur la dernière position seulement.</translation>
    </message>
    <message>
        <source>The device whose roofline gives the time estimates.</source>
        <translation>L&apos;accélérateur dont la roofline fournit les estimations de temps.</translation>
    </message>
    <message>
        <source>&amp;Phase:</source>
        <translation>&amp;Phase :</translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation>&amp;Lot :</translation>
    </message>
    <message>
        <source>&amp;Sequence:</source>
        <translation>&amp;Séquence :</translation>
    </message>
    <message>
        <source>Pas&amp;t tokens:</source>
        <translation>&amp;Jetons passés :</translation>
    </message>
    <message>
        <source>&amp;Weights:</source>
        <translation>P&amp;oids :</translation>
    </message>
    <message>
        <source>&amp;Activations:</source>
        <translation>&amp;Activations :</translation>
    </message>
    <message>
        <source>&amp;KV cache:</source>
        <translation>&amp;Cache KV :</translation>
    </message>
    <message>
        <source>Atte&amp;ntion:</source>
        <translation>Atte&amp;ntion :</translation>
    </message>
    <message>
        <source>&amp;LM head:</source>
        <translation>Tête L&amp;M :</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>Accélé&amp;rateur :</translation>
    </message>
    <message>
        <source>TF32 for fp32 matmuls</source>
        <translation>TF32 pour les matmuls fp32</translation>
    </message>
    <message>
        <source>As stored</source>
        <translation>Tel que stocké</translation>
    </message>
    <message>
        <source>Tokens already in the KV cache (P) before this step, in prefill too (a prefill that continues after cached tokens); attention covers P + S positions.</source>
        <translation>Jetons déjà dans le cache KV (P) avant ce pas, en préremplissage aussi (un préremplissage qui continue après des jetons en cache) ; l&apos;attention couvre P + S positions.</translation>
    </message>
    <message>
        <source>Bytes per weight. As stored: what the checkpoint holds, from the config&apos;s torch_dtype and quantization_config (fp8 blocks, MXFP4 experts, GPTQ/AWQ int4 with their scales).</source>
        <translation>Octets par poids. Tel que stocké : ce que contient le checkpoint, d&apos;après torch_dtype et quantization_config de la config (blocs fp8, experts MXFP4, int4 GPTQ/AWQ avec leurs échelles).</translation>
    </message>
    <message>
        <source>Input images per sequence (multimodal models): the vision tower runs in prefill and the tokens each image makes join the sequence.</source>
        <translation>Images d&apos;entrée par séquence (modèles multimodaux) : la tour de vision s&apos;exécute au préremplissage et les jetons produits par chaque image rejoignent la séquence.</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Width of each input image in pixels.</source>
        <translation>Largeur de chaque image d&apos;entrée en pixels.</translation>
    </message>
    <message>
        <source>Height of each input image in pixels.</source>
        <translation>Hauteur de chaque image d&apos;entrée en pixels.</translation>
    </message>
    <message>
        <source>Eager (transformers)</source>
        <translation>Eager (transformers)</translation>
    </message>
    <message>
        <source>Fused (inference engine)</source>
        <translation>Fusionnée (moteur d&apos;inférence)</translation>
    </message>
    <message>
        <source>Which kernels the times assume. Eager: transformers&apos; forward op by op. Fused: an inference engine&apos;s kernels (fused QKV and gate/up GEMMs, fused norms, flash attention, CUDA graphs in decode) and its cache layout. FLOPs do not change.</source>
        <translation>Noyaux supposés par les temps. Eager : la passe avant de transformers, opération par opération. Fusionnée : les noyaux d&apos;un moteur d&apos;inférence (GEMM QKV et gate/up fusionnés, normalisations fusionnées, flash attention, graphes CUDA en décodage) et sa disposition du cache. Les FLOPs ne changent pas.</translation>
    </message>
    <message>
        <source>fp32 matmuls on TF32 tensor cores (torch.backends.cuda.matmul.allow_tf32); off, as in PyTorch: they run at the fp32 rate.</source>
        <translation>Matmuls fp32 sur les cœurs tensoriels TF32 (torch.backends.cuda.matmul.allow_tf32) ; désactivé, comme dans PyTorch : elles s&apos;exécutent au débit fp32.</translation>
    </message>
    <message>
        <source>&amp;Images:</source>
        <translation>&amp;Images :</translation>
    </message>
    <message>
        <source>Image si&amp;ze:</source>
        <translation>&amp;Taille d&apos;image :</translation>
    </message>
    <message>
        <source>E&amp;xecution:</source>
        <translation>E&amp;xécution :</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::SourceView</name>
    <message>
        <source>Source not found</source>
        <translation>Source introuvable</translation>
    </message>
    <message>
        <source>Source of class %1 not found</source>
        <translation>Source de la classe %1 introuvable</translation>
    </message>
    <message>
        <source>class %1 in %2</source>
        <translation>classe %1 dans %2</translation>
    </message>
    <message>
        <source>Lines %1–%2</source>
        <translation>Lignes %1–%2</translation>
    </message>
    <message>
        <source>, forward %1–%2</source>
        <translation>, forward %1–%2</translation>
    </message>
    <message>
        <source>Version: %1</source>
        <translation>Version : %1</translation>
    </message>
    <message>
        <source>The recorded lines drifted: recorded %1–%2, found at %3–%4 in the installed version.</source>
        <translation>Les lignes enregistrées se sont décalées : enregistrées en %1–%2, trouvées en %3–%4 dans la version installée.</translation>
    </message>
    <message>
        <source>The recorded lines %1–%2 lie inside the class.</source>
        <translation>Les lignes enregistrées %1–%2 se trouvent dans la classe.</translation>
    </message>
    <message>
        <source>The class is where it was recorded.</source>
        <translation>La classe se trouve là où elle a été enregistrée.</translation>
    </message>
    <message>
        <source>No lines are recorded for this file: the class was found by name.</source>
        <translation>Aucune ligne n&apos;est enregistrée pour ce fichier : la classe a été trouvée par son nom.</translation>
    </message>
</context>
<context>
    <name>lmp::widgets::SweepChart</name>
    <message>
        <source>Sequence length</source>
        <translation>Longueur de séquence</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Taille de lot</translation>
    </message>
    <message>
        <source>Cached tokens</source>
        <translation>Jetons en cache</translation>
    </message>
    <message>
        <source>Sequence length x: a prefill of x tokens; a decode step of 1 token with x − 1 cached.
Batch size x: x sequences, a prefill of the current prompt length and a decode step after the current context (the cached tokens, or the prefill&apos;s length; at least 1).
Cached tokens x: a decode step of 1 token after x cached; a prefill of x tokens.</source>
        <translation>Longueur de séquence x : un préremplissage de x jetons ; un pas de décodage de 1 jeton avec x − 1 en cache.
Taille de lot x : x séquences, un préremplissage de la longueur de prompt actuelle et un pas de décodage après le contexte actuel (les jetons en cache, ou la longueur du préremplissage ; au moins 1).
Jetons en cache x : un pas de décodage de 1 jeton après x en cache ; un préremplissage de x jetons.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Memory traffic</source>
        <translation>Trafic mémoire</translation>
    </message>
    <message>
        <source>Arithmetic intensity</source>
        <translation>Intensité arithmétique</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>Cache KV</translation>
    </message>
    <message>
        <source>Memory footprint</source>
        <translation>Empreinte mémoire</translation>
    </message>
    <message>
        <source>First value of the sweep</source>
        <translation>Première valeur du balayage</translation>
    </message>
    <message>
        <source>Last value of the sweep</source>
        <translation>Dernière valeur du balayage</translation>
    </message>
    <message>
        <source>Analyses per series; log-spaced when the range spans more than two decades</source>
        <translation>Analyses par série ; espacement logarithmique quand la plage couvre plus de deux décades</translation>
    </message>
    <message>
        <source> points</source>
        <translation> points</translation>
    </message>
    <message>
        <source>Sweep:</source>
        <translation>Balayage :</translation>
    </message>
    <message>
        <source>from</source>
        <translation>de</translation>
    </message>
    <message>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Métrique :</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>Préremplissage</translation>
    </message>
    <message>
        <source>Decode (1 token)</source>
        <translation>Décodage (1 jeton)</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <source>Time (%1)</source>
        <translation>Temps (%1)</translation>
    </message>
    <message>
        <source>Arithmetic intensity (FLOP/byte)</source>
        <translation>Intensité arithmétique (FLOP/octet)</translation>
    </message>
    <message>
        <source>Sequence length (tokens)</source>
        <translation>Longueur de séquence (jetons)</translation>
    </message>
    <message>
        <source>Batch size (sequences)</source>
        <translation>Taille de lot (séquences)</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>prompt %1 tokens, decode after %2 cached</source>
        <translation>prompt de %1 jetons, décodage après %2 en cache</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>lot %1</translation>
    </message>
    <message>
        <source>sequence length</source>
        <translation>la longueur de séquence</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>la taille de lot</translation>
    </message>
    <message>
        <source>cached tokens</source>
        <translation>les jetons en cache</translation>
    </message>
    <message>
        <source>%1 against %2</source>
        <translation>%1 selon %2</translation>
    </message>
    <message>
        <source> (time needs a device)</source>
        <translation> (le temps nécessite un accélérateur)</translation>
    </message>
    <message>
        <source>%1 FLOP/B</source>
        <translation>%1 FLOP/B</translation>
    </message>
    <message>
        <source>%1 at %2 = %3: %4</source>
        <translation>%1 à %2 = %3 : %4</translation>
    </message>
    <message>
        <source>Memory traffic (bytes)</source>
        <translation>Trafic mémoire (octets)</translation>
    </message>
    <message>
        <source>KV cache (bytes)</source>
        <translation>Cache KV (octets)</translation>
    </message>
    <message>
        <source>Memory footprint (bytes)</source>
        <translation>Empreinte mémoire (octets)</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Balayage</translation>
    </message>
</context>
</TS>
