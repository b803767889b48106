// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingspanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace lmp::widgets {

namespace {

constexpr analysis::Dtype kDtypes[] = { analysis::Dtype::FP32, analysis::Dtype::BF16, analysis::Dtype::FP16,
    analysis::Dtype::FP8, analysis::Dtype::INT8, analysis::Dtype::INT4 };

QComboBox* dtypeBox(QWidget* parent)
{
    auto* box = new QComboBox(parent);
    for (auto d : kDtypes)
        box->addItem(
            QString::fromLatin1(analysis::dtypeName(d).data(), analysis::dtypeName(d).size()), static_cast<int>(d));
    return box;
}

void selectData(QComboBox* box, const QVariant& data)
{
    const int i = box->findData(data);
    if (i >= 0)
        box->setCurrentIndex(i);
}

} // namespace

SettingsPanel::SettingsPanel(QWidget* parent)
    : QWidget(parent)
    , m_phase(new QComboBox(this))
    , m_batch(new QSpinBox(this))
    , m_seq(new QSpinBox(this))
    , m_past(new QSpinBox(this))
    , m_weightDtype(dtypeBox(this))
    , m_actDtype(dtypeBox(this))
    , m_kvDtype(dtypeBox(this))
    , m_attention(new QComboBox(this))
    , m_causalHalf(new QCheckBox(tr("Skip masked blocks (half)"), this))
    , m_logitsLast(new QCheckBox(tr("Last position only"), this))
    , m_execution(new QComboBox(this))
    , m_tf32(new QCheckBox(tr("TF32 for fp32 matmuls"), this))
    , m_hardware(new QComboBox(this))
    , m_images(new QSpinBox(this))
    , m_imageWidth(new QSpinBox(this))
    , m_imageHeight(new QSpinBox(this))
{
    // -1: the weights as the model's checkpoint stores them (its torch_dtype and quantization, scales included).
    m_weightDtype->insertItem(0, tr("As stored"), -1);
    m_phase->addItem(tr("Prefill"), static_cast<int>(analysis::Phase::Prefill));
    m_phase->addItem(tr("Decode"), static_cast<int>(analysis::Phase::Decode));
    m_phase->addItem(tr("Training step"), static_cast<int>(analysis::Phase::Train));
    m_phase->setToolTip(tr("Prefill: the prompt in one forward pass. Decode: new tokens on a KV cache of past "
                           "tokens. Training step: forward and backward."));
    m_batch->setRange(1, 1 << 24);
    m_batch->setToolTip(tr("Sequences processed together (B)."));
    m_seq->setRange(1, 1 << 26);
    m_seq->setToolTip(tr("New tokens per sequence in this step (S); a decode step usually has 1."));
    m_past->setRange(0, 1 << 30);
    m_past->setToolTip(
        tr("Tokens already in the KV cache (P) before this step, in prefill too (a prefill that continues after "
           "cached tokens); attention covers P + S positions."));
    for (QSpinBox* box : { m_batch, m_seq, m_past }) {
        box->setGroupSeparatorShown(true);
        box->setAccelerated(true);
    }
    m_weightDtype->setToolTip(tr("Bytes per weight. As stored: what the checkpoint holds, from the config's "
                                 "torch_dtype and quantization_config (fp8 blocks, MXFP4 experts, GPTQ/AWQ int4 with "
                                 "their scales)."));
    m_images->setRange(0, 1024);
    m_images->setToolTip(tr("Input images per sequence (multimodal models): the vision tower runs in prefill and "
                            "the tokens each image makes join the sequence."));
    for (QSpinBox* box : { m_imageWidth, m_imageHeight }) {
        box->setRange(1, 100000);
        box->setSuffix(tr(" px"));
    }
    m_imageWidth->setToolTip(tr("Width of each input image in pixels."));
    m_imageHeight->setToolTip(tr("Height of each input image in pixels."));
    auto* imageSize = new QWidget(this);
    auto* imageSizeLayout = new QHBoxLayout(imageSize);
    imageSizeLayout->setContentsMargins(0, 0, 0, 0);
    imageSizeLayout->addWidget(m_imageWidth);
    imageSizeLayout->addWidget(new QLabel(QStringLiteral("\u00d7"), imageSize));
    imageSizeLayout->addWidget(m_imageHeight);
    m_actDtype->setToolTip(tr("Activation dtype: bytes per activation and which compute peak applies."));
    m_kvDtype->setToolTip(tr("Bytes per KV-cache element."));
    m_attention->addItem(tr("SDPA / flash (fused)"), false);
    m_attention->addItem(tr("Eager (scores in memory)"), true);
    m_attention->setToolTip(tr("Eager attention writes the score matrix to memory; SDPA and flash kernels, "
                               "transformers' default, do not."));
    m_causalHalf->setToolTip(tr("Count causal attention as fused kernels run it, skipping the masked half; "
                                "off: the full score matrix, as torch.utils.flop_counter counts it."));
    m_logitsLast->setToolTip(tr("Generation computes the LM head on the last position only."));
    m_hardware->setToolTip(tr("The device whose roofline gives the time estimates."));
    m_execution->addItem(tr("Eager (transformers)"), static_cast<int>(analysis::Execution::Eager));
    m_execution->addItem(tr("Fused (inference engine)"), static_cast<int>(analysis::Execution::Fused));
    m_execution->setToolTip(tr("Which kernels the times assume. Eager: transformers' forward op by op. Fused: an "
                               "inference engine's kernels (fused QKV and gate/up GEMMs, fused norms, flash attention, "
                               "CUDA graphs in decode) and its cache layout. FLOPs do not change."));
    m_tf32->setToolTip(tr("fp32 matmuls on TF32 tensor cores (torch.backends.cuda.matmul.allow_tf32); off, as in "
                          "PyTorch: they run at the fp32 rate."));

    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Phase:"), m_phase);
    form->addRow(tr("&Batch:"), m_batch);
    form->addRow(tr("&Sequence:"), m_seq);
    form->addRow(tr("Pas&t tokens:"), m_past);
    form->addRow(tr("&Weights:"), m_weightDtype);
    form->addRow(tr("&Activations:"), m_actDtype);
    form->addRow(tr("&KV cache:"), m_kvDtype);
    form->addRow(tr("Atte&ntion:"), m_attention);
    form->addRow(QString(), m_causalHalf);
    form->addRow(tr("&LM head:"), m_logitsLast);
    form->addRow(tr("&Images:"), m_images);
    form->addRow(tr("Image si&ze:"), imageSize);
    form->addRow(tr("&Device:"), m_hardware);
    form->addRow(tr("E&xecution:"), m_execution);
    form->addRow(QString(), m_tf32);

    connect(m_phase, &QComboBox::currentIndexChanged, this, &SettingsPanel::phaseChanged);
    for (QSpinBox* box : { m_batch, m_seq, m_past, m_images, m_imageWidth, m_imageHeight })
        connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::changed);
    for (QComboBox* box : { m_weightDtype, m_actDtype, m_kvDtype, m_attention, m_hardware, m_execution })
        connect(box, &QComboBox::currentIndexChanged, this, &SettingsPanel::changed);
    for (QCheckBox* box : { m_causalHalf, m_logitsLast, m_tf32 })
        connect(box, &QCheckBox::toggled, this, &SettingsPanel::changed);

    setSettings(analysis::Settings());
}

analysis::Settings SettingsPanel::settings() const
{
    analysis::Settings s;
    s.phase = static_cast<analysis::Phase>(m_phase->currentData().toInt());
    s.batch = m_batch->value();
    s.seq = m_seq->value();
    s.past = s.phase == analysis::Phase::Train ? 0 : m_past->value(); // a prefill may continue after cached tokens
    const int weights = m_weightDtype->currentData().toInt();
    s.checkpointWeights = weights < 0;
    if (weights >= 0)
        s.weightDtype = static_cast<analysis::Dtype>(weights);
    s.images = m_images->value();
    s.imageWidth = m_imageWidth->value();
    s.imageHeight = m_imageHeight->value();
    s.actDtype = static_cast<analysis::Dtype>(m_actDtype->currentData().toInt());
    s.kvDtype = static_cast<analysis::Dtype>(m_kvDtype->currentData().toInt());
    s.eagerAttention = m_attention->currentData().toBool();
    s.causalHalf = m_causalHalf->isChecked();
    s.logitsLastOnly = m_logitsLast->isChecked();
    s.execution = static_cast<analysis::Execution>(m_execution->currentData().toInt());
    s.tf32 = m_tf32->isChecked();
    return s;
}

void SettingsPanel::setSettings(const analysis::Settings& s)
{
    m_updating = true;
    selectData(m_phase, static_cast<int>(s.phase));
    m_batch->setValue(static_cast<int>(s.batch));
    m_seq->setValue(static_cast<int>(s.seq));
    m_past->setValue(static_cast<int>(s.past));
    m_past->setEnabled(s.phase != analysis::Phase::Train);
    selectData(m_weightDtype, s.checkpointWeights ? -1 : static_cast<int>(s.weightDtype));
    m_images->setValue(static_cast<int>(s.images));
    m_imageWidth->setValue(static_cast<int>(s.imageWidth));
    m_imageHeight->setValue(static_cast<int>(s.imageHeight));
    selectData(m_actDtype, static_cast<int>(s.actDtype));
    selectData(m_kvDtype, static_cast<int>(s.kvDtype));
    selectData(m_attention, s.eagerAttention);
    m_causalHalf->setChecked(s.causalHalf);
    m_logitsLast->setChecked(s.logitsLastOnly);
    selectData(m_execution, static_cast<int>(s.execution));
    m_tf32->setChecked(s.tf32);
    m_updating = false;
}

void SettingsPanel::setHardwareChoices(const std::vector<std::pair<std::string, std::string>>& choices)
{
    m_updating = true;
    const QString current = m_hardware->currentData().toString();
    m_hardware->clear();
    for (const auto& [id, name] : choices)
        m_hardware->addItem(QString::fromStdString(name), QString::fromStdString(id));
    selectData(m_hardware, current);
    m_updating = false;
}

std::string SettingsPanel::hardwareId() const
{
    return m_hardware->currentData().toString().toStdString();
}

void SettingsPanel::setHardwareId(const std::string& id)
{
    m_updating = true;
    selectData(m_hardware, QString::fromStdString(id));
    m_updating = false;
}

void SettingsPanel::phaseChanged()
{
    if (m_updating)
        return;
    const auto phase = static_cast<analysis::Phase>(m_phase->currentData().toInt());
    m_updating = true;
    if (phase == analysis::Phase::Decode) {
        // One new token after the prompt: the prompt's tokens are now cached.
        if (m_past->value() == 0)
            m_past->setValue(std::max(0, m_seq->value() - 1));
        m_seq->setValue(1);
    } else if (m_seq->value() == 1 && m_past->value() > 0) {
        m_seq->setValue(m_past->value() + 1);
        m_past->setValue(0);
    }
    if (phase == analysis::Phase::Train)
        m_past->setValue(0);
    m_past->setEnabled(phase != analysis::Phase::Train);
    m_updating = false;
    Q_EMIT settingsChanged();
}

void SettingsPanel::changed()
{
    if (!m_updating)
        Q_EMIT settingsChanged();
}

} // namespace lmp::widgets
