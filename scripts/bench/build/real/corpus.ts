/**
 * The "real-sized notes" corpus: 173 seeded synthetic deep-learning notes whose sizes follow a log-normal spread
 * with a median of 17 KiB, heavy in math and code the way long Hexo/Obsidian study notes are: many fenced blocks
 * (python/PyTorch, shell, yaml, text), long `$$\begin{align*} … $$` derivations, GFM tables, `![alt|666](url)`
 * images, Obsidian callouts (`> [!note]`, folded `> [!tip]-`), an HTML table of figures, `<!-- more -->`.
 *
 *   tsx scripts/bench/build/real/corpus.ts [--notes 173] [--out bench-out/real-corpus] [--seed 1]
 *
 * The format follows /work/shared/seed/deep-learning-basics.md (front matter, `$…$` glued to CJK text, `$$` on
 * the same line as `\begin{align*}`); the words come from scripts/bench/build/prose.ts and the TeX from its
 * formula pool, the code and the callouts from the banks below, written for the benchmark. Deterministic: note i
 * depends only on (seed, i, notes).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFormulaPool, type FormulaPool } from '../formulas.js';
import { displayLeadIns, enMathSentences, enSentences, links, topics, zhMathSentences, zhSentences, type Topic } from '../prose.js';
import { createRandom, mixSeed, type Random } from '../random.js';
import { median } from './harness.js';

/** Per-note counts, kept while writing. */
export interface RealNoteStats {
  bytes: number;
  inline: number;
  display: number;
  fences: number;
  codeBytes: number;
  tables: number;
  images: number;
  callouts: number;
}

export interface RealManifest {
  seed: number;
  displayFences: FenceStyle;
  notes: number;
  bytes: number;
  minBytes: number;
  medianBytes: number;
  maxBytes: number;
  inline: number;
  display: number;
  fences: number;
  codeShare: number;
  tables: number;
  images: number;
  callouts: number;
}

export const REAL_NOTES = 173;

/**
 * How display math is fenced. `seed`: as in the seed note and our users' notes, a long derivation opens with
 * `$$\begin{align*}` on one line (remark-math takes that TeX for the fence's "meta" and drops it, so the plain
 * peer renders those formulas as KaTeX errors: faster, and less math). `own-line`: every `$$` on a line of its
 * own, which every peer reads alike — the control for comparing the same amount of typesetting.
 */
export type FenceStyle = 'seed' | 'own-line';
export const MEDIAN_BYTES = 17 * 1024;
/** Spread of the log-normal sizes (σ of ln size): about 8 KiB to 36 KiB between the 10th and 90th percentile. */
const SIGMA = 0.6;

let poolCache: FormulaPool | undefined;
const pool = (): FormulaPool => (poolCache ??= buildFormulaPool());

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The rows of every align* in the pool, for chaining into long derivations. */
let alignRowsCache: string[][] | undefined;
function alignRows(): string[][] {
  alignRowsCache ??= pool().align.map((f) =>
    f.tex
      .replace(/^\\begin\{align\*\}\n/, '')
      .replace(/\n\\end\{align\*\}$/, '')
      .split(/\\\\\n/)
      .map((row) => row.replace(/\\\\$/, '').trim())
      .filter(Boolean),
  );
  return alignRowsCache;
}

/** Target sizes of the notes: log-normal, rescaled so that their median is exactly MEDIAN_BYTES, then shuffled. */
export function targetSizes(notes: number, seed: number): number[] {
  const r = createRandom(mixSeed(seed, 0x51ce));
  const raw: number[] = [];
  for (let i = 0; i < notes; i++) {
    const u1 = Math.max(r.next(), 1e-9);
    const u2 = r.next();
    raw.push(Math.exp(SIGMA * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)));
  }
  const m = median(raw) ?? 1;
  return r.shuffle(raw.map((x) => Math.round(Math.min(6, Math.max(0.2, x / m)) * MEDIAN_BYTES)));
}

// --- banks written for this benchmark -------------------------------------------------------------------------

const layerKinds = ['nn.Conv2d({c}, {c2}, {k}, padding={p})', 'nn.BatchNorm2d({c2})', 'nn.ReLU(inplace=True)', 'nn.MaxPool2d(2)', 'nn.Dropout(p={drop})', 'nn.GELU()'];

function pytorchModel(r: Random): string {
  const name = r.pick(['SmallCNN', 'ResidualNet', 'UNetEncoder', 'MLPHead', 'ConvBlock', 'TinyVGG']);
  let c = r.pick([3, 1]);
  const lines = [
    'import torch',
    'from torch import nn',
    'import torch.nn.functional as F',
    '',
    '',
    `class ${name}(nn.Module):`,
    `    """${r.pick(['一个用来做实验的小网络', 'A small network for the experiments below', '按论文结构复现的简化版本'])}"""`,
    '',
    `    def __init__(self, num_classes: int = ${r.pick([10, 100, 2, 21])}):`,
    '        super().__init__()',
    '        self.features = nn.Sequential(',
  ];
  const blocks = r.int(3, 7);
  for (let b = 0; b < blocks; b++) {
    const c2 = r.pick([16, 32, 64, 128, 256]);
    const k = r.pick([1, 3, 5]);
    for (const kind of r.shuffle(layerKinds).slice(0, r.int(2, 4))) {
      lines.push(`            ${kind.replace('{c}', String(c)).replace(/\{c2\}/g, String(c2)).replace('{k}', String(k)).replace('{p}', String(k >> 1)).replace('{drop}', String(r.pick([0.1, 0.2, 0.5])))},`);
    }
    c = c2;
  }
  lines.push(
    '        )',
    `        self.head = nn.Linear(${c}, num_classes)`,
    '',
    '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
    '        x = self.features(x)',
    '        x = F.adaptive_avg_pool2d(x, 1).flatten(1)  # (B, C)',
    '        return self.head(x)',
  );
  return lines.join('\n');
}

function pytorchTrain(r: Random): string {
  const opt = r.pick(['torch.optim.AdamW(model.parameters(), lr={lr}, weight_decay=0.05)', 'torch.optim.SGD(model.parameters(), lr={lr}, momentum=0.9, nesterov=True)', 'torch.optim.Adam(model.parameters(), lr={lr})']);
  const lr = r.pick(['1e-3', '3e-4', '0.1', '0.01', '5e-4']);
  const lines = [
    'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
    'model = model.to(device)',
    `optimizer = ${opt.replace('{lr}', lr)}`,
    `scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=${r.int(10, 300)})`,
    'scaler = torch.cuda.amp.GradScaler()',
    'criterion = nn.CrossEntropyLoss(label_smoothing=0.1)',
    '',
    `for epoch in range(${r.int(5, 200)}):`,
    '    model.train()',
    '    running = 0.0',
    '    for step, (x, y) in enumerate(train_loader):',
    '        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)',
    '        optimizer.zero_grad(set_to_none=True)',
    '        with torch.autocast(device_type="cuda", dtype=torch.float16):',
    '            logits = model(x)',
    '            loss = criterion(logits, y)',
    '        scaler.scale(loss).backward()',
  ];
  if (r.chance(0.5)) lines.push('        scaler.unscale_(optimizer)', `        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=${r.pick([1.0, 5.0, 0.5])})`);
  lines.push(
    '        scaler.step(optimizer)',
    '        scaler.update()',
    '        running += loss.item()',
    `        if step % ${r.pick([50, 100, 200])} == 0:`,
    `            print(f"epoch {epoch} step {step}: loss={running / (step + 1):.4f}")`,
    '    scheduler.step()',
    '',
    '    model.eval()',
    '    correct = total = 0',
    '    with torch.no_grad():',
    '        for x, y in val_loader:',
    '            pred = model(x.to(device)).argmax(dim=1)',
    '            correct += (pred == y.to(device)).sum().item()',
    '            total += y.numel()',
    '    print(f"val acc: {correct / total:.2%}")',
  );
  return lines.join('\n');
}

function pytorchDataset(r: Random): string {
  const size = r.pick([224, 256, 128, 32, 512]);
  return [
    'from pathlib import Path',
    'from PIL import Image',
    'from torch.utils.data import Dataset, DataLoader',
    'from torchvision import transforms',
    '',
    `class ${r.pick(['FolderDataset', 'SegDataset', 'PairDataset'])}(Dataset):`,
    '    def __init__(self, root: str, train: bool = True):',
    '        self.files = sorted(Path(root).glob("**/*.png"))',
    '        self.tf = transforms.Compose([',
    `            transforms.RandomResizedCrop(${size}) if train else transforms.CenterCrop(${size}),`,
    '            transforms.RandomHorizontalFlip() if train else transforms.Lambda(lambda x: x),',
    '            transforms.ToTensor(),',
    '            transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),',
    '        ])',
    '',
    '    def __len__(self) -> int:',
    '        return len(self.files)',
    '',
    '    def __getitem__(self, i: int):',
    '        img = Image.open(self.files[i]).convert("RGB")',
    '        label = int(self.files[i].parent.name)',
    '        return self.tf(img), label',
    '',
    '',
    `train_loader = DataLoader(ds, batch_size=${r.pick([16, 32, 64, 128, 256])}, shuffle=True, num_workers=${r.pick([2, 4, 8])}, pin_memory=True)`,
  ].join('\n');
}

function numpyDerivation(r: Random): string {
  const n = r.pick([4, 8, 16]);
  return [
    'import numpy as np',
    '',
    `rng = np.random.default_rng(${r.int(0, 9999)})`,
    `x = rng.normal(size=(${r.pick([32, 64, 128])}, ${n}))`,
    `w1 = rng.normal(scale=np.sqrt(2 / ${n}), size=(${n}, ${n * 2}))`,
    `w2 = rng.normal(scale=np.sqrt(2 / ${n * 2}), size=(${n * 2}, 1))`,
    '',
    'def sigmoid(z):',
    '    return 1.0 / (1.0 + np.exp(-z))',
    '',
    `for it in range(${r.int(100, 5000)}):`,
    '    z1 = x @ w1',
    '    o1 = sigmoid(z1)',
    '    o2 = sigmoid(o1 @ w2)',
    '    # 反向传播：delta_k = (o_k - t_k) o_k (1 - o_k)',
    '    d2 = (o2 - t) * o2 * (1 - o2)',
    '    d1 = (d2 @ w2.T) * o1 * (1 - o1)',
    `    w2 -= ${r.pick(['0.1', '0.05', '1e-2'])} * o1.T @ d2`,
    `    w1 -= ${r.pick(['0.1', '0.05', '1e-2'])} * x.T @ d1`,
    '    if it % 100 == 0:',
    '        print(it, float(np.mean((o2 - t) ** 2)))',
  ].join('\n');
}

function shell(r: Random): string {
  const env = r.pick(['dl', 'torch2', 'nerf', 'seg']);
  const pool = [
    `conda create -n ${env} python=3.${r.int(8, 11)} -y`,
    `conda activate ${env}`,
    `pip install torch==2.${r.int(0, 3)}.${r.int(0, 1)} torchvision --index-url https://download.pytorch.org/whl/cu1${r.pick(['18', '21'])}`,
    'pip install -r requirements.txt',
    'nvidia-smi --query-gpu=name,memory.used,memory.total --format=csv',
    `CUDA_VISIBLE_DEVICES=${r.pick(['0', '0,1', '1'])} python train.py --config configs/${env}.yaml`,
    `torchrun --nproc_per_node=${r.pick([2, 4, 8])} train.py --batch-size ${r.pick([64, 128])} --amp`,
    `tensorboard --logdir runs/${env} --port 60${r.int(0, 99)}`,
    'watch -n 1 nvidia-smi',
    `tar -xzf data/${env}.tar.gz -C data/`,
    'export PYTHONPATH=$PWD:$PYTHONPATH',
    `python -m torch.utils.collect_env | grep -i cuda`,
    `ls -lh checkpoints/ | tail -n ${r.int(3, 9)}`,
    `nohup python train.py > logs/${env}.log 2>&1 &`,
  ];
  return r.shuffle(pool).slice(0, r.int(4, 10)).join('\n');
}

function yaml(r: Random): string {
  return [
    `# ${r.pick(['训练配置', 'training config', '实验 exp' + r.int(1, 99)])}`,
    'model:',
    `  name: ${r.pick(['resnet18', 'resnet50', 'vit_b_16', 'unet', 'mlp'])}`,
    `  pretrained: ${r.pick(['true', 'false'])}`,
    `  num_classes: ${r.pick([10, 100, 1000, 21])}`,
    `  dropout: ${r.pick([0.0, 0.1, 0.3])}`,
    'data:',
    `  root: /data/${r.pick(['cifar10', 'imagenet', 'voc2012', 'mnist'])}`,
    `  image_size: ${r.pick([32, 224, 256, 512])}`,
    `  batch_size: ${r.pick([32, 64, 128, 256])}`,
    `  num_workers: ${r.pick([4, 8])}`,
    '  augment:',
    '    - random_resized_crop',
    '    - horizontal_flip',
    ...(r.chance(0.5) ? ['    - color_jitter', '    - mixup'] : []),
    'optim:',
    `  name: ${r.pick(['adamw', 'sgd', 'adam'])}`,
    `  lr: ${r.pick(['1.0e-3', '3.0e-4', '0.1'])}`,
    `  weight_decay: ${r.pick(['0.05', '1.0e-4', '5.0e-4'])}`,
    '  scheduler:',
    `    name: ${r.pick(['cosine', 'step', 'onecycle'])}`,
    `    warmup_epochs: ${r.int(0, 10)}`,
    `epochs: ${r.int(10, 300)}`,
    `seed: ${r.int(0, 9999)}`,
    `amp: ${r.pick(['true', 'false'])}`,
  ].join('\n');
}

function textBlock(r: Random): string {
  const w = r.pick([224, 32, 64, 512]);
  return [
    r.pick(['卷积输出尺寸的计算公式为：', '网络结构：', 'Training log:']),
    'N=(W-F+2P)/S+1',
    `W=${w}, F=${r.pick([3, 5, 7])}, P=${r.int(0, 3)}, S=${r.pick([1, 2])}`,
    ...Array.from({ length: r.int(3, 8) }, (_, i) => `epoch ${i + 1}: loss ${(2.3 / (i + 1.3)).toFixed(4)}  acc ${(0.4 + i * 0.06).toFixed(3)}  lr ${(1e-3 * 0.9 ** i).toExponential(2)}`),
  ].join('\n');
}

function jsonBlock(r: Random): string {
  return JSON.stringify(
    { experiment: `exp-${r.int(1, 999)}`, metrics: { top1: Number((0.6 + r.next() * 0.3).toFixed(4)), top5: Number((0.85 + r.next() * 0.1).toFixed(4)) }, params: { lr: r.pick([0.1, 0.01, 0.001]), batch: r.pick([64, 128]), epochs: r.int(10, 90) } },
    null,
    2,
  );
}

function codeBlock(r: Random): { text: string; bytes: number } {
  const kind = r.int(0, 99);
  let lang: string;
  let body: string;
  if (kind < 18) [lang, body] = ['python', pytorchModel(r)];
  else if (kind < 36) [lang, body] = ['python', pytorchTrain(r)];
  else if (kind < 46) [lang, body] = ['python', pytorchDataset(r)];
  else if (kind < 56) [lang, body] = ['python', numpyDerivation(r)];
  else if (kind < 72) [lang, body] = [r.pick(['shell', 'bash', 'sh']), shell(r)];
  else if (kind < 85) [lang, body] = [r.pick(['yaml', 'yml']), yaml(r)];
  else if (kind < 93) [lang, body] = ['text', textBlock(r)];
  else [lang, body] = ['json', jsonBlock(r)];
  const text = `\`\`\`${lang}\n${body}\n\`\`\``;
  return { text, bytes: Buffer.byteLength(text) };
}

const calloutTypes = ['note', 'tip', 'info', 'warning', 'example', 'question', 'abstract', 'important', 'bug', 'todo'];
const calloutTitles = ['要点', '注意', 'Remark', '为什么会这样', '小结', 'Pitfall', '复习', '思考题', ''];

// --- the note ---------------------------------------------------------------------------------------------------

class Writer {
  readonly blocks: string[] = [];
  readonly stats: RealNoteStats = { bytes: 0, inline: 0, display: 0, fences: 0, codeBytes: 0, tables: 0, images: 0, callouts: 0 };
  constructor(
    readonly r: Random,
    readonly fences: FenceStyle,
  ) {}
  get bytes(): number {
    return this.stats.bytes;
  }
  push(block: string): void {
    this.blocks.push(block);
    this.stats.bytes += Buffer.byteLength(block) + 2;
  }
  inline(): string {
    this.stats.inline++;
    return `$${this.r.pickSkewed(pool().inline)}$`;
  }
  sentence(english: boolean, mathShare: number): string {
    const r = this.r;
    if (r.chance(mathShare)) return r.pick(english ? enMathSentences : zhMathSentences).replace(/\{m\}/g, () => this.inline());
    return r.pick(english ? enSentences : zhSentences);
  }
  paragraph(mathShare = 0.55): string {
    const english = this.r.chance(0.3);
    return Array.from({ length: this.r.int(2, 6) }, () => this.sentence(english, mathShare)).join(english ? ' ' : '');
  }
  derivation(): string {
    const r = this.r;
    this.stats.display++;
    const style = r.int(0, 9);
    if (this.fences === 'own-line') {
      const tex = style < 5 ? `\\begin{align*}\n${Array.from({ length: r.int(2, 4) }, () => r.pick(alignRows())).flat().join('\\\\\n')}\n\\end{align*}` : r.pickSkewed(pool().display).tex;
      return `$$\n${tex}\n$$`;
    }
    if (style < 5) {
      // A long align*: two to four pool derivations chained, `$$` on the line of `\begin{align*}` like the seed.
      const rows = Array.from({ length: r.int(2, 4) }, () => r.pick(alignRows())).flat();
      // (The closing `$$` on its own line, as in the seed: `\end{align*}$$` would be read by remark-math as
      // an unclosed fence that swallows the rest of the note, and the plain peer would be timed on less math.)
      return `$$\\begin{align*}\n${rows.join('\\\\\n')}\n\\end{align*}\n$$`;
    }
    const f = r.pickSkewed(pool().display);
    if (style < 8) return `$$\n${f.tex}\n$$`;
    if (!f.tex.includes('\n')) return `$$${f.tex}$$`;
    return `$$${f.tex}\n$$`;
  }
  table(): string {
    const r = this.r;
    this.stats.tables++;
    const head = r.pick([
      ['模型', '参数量', 'Top-1', '备注'],
      ['层', '输出尺寸', '参数量', '说明'],
      ['优化器', '更新规则', '超参数', '特点'],
      ['Loss', 'Formula', 'When', 'Notes'],
    ]);
    const rows = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
    for (let i = 0, n = r.int(4, 10); i < n; i++) {
      rows.push(`| ${r.pick(['ResNet-18', 'VGG16', 'conv' + (i + 1), 'Adam', 'SGD', 'ViT-B/16', 'U-Net', 'MLP'])} | ${r.int(1, 300)}M | ${r.chance(0.5) ? this.inline() : (60 + r.next() * 30).toFixed(1) + '%'} | ${r.pick(['残差块', 'BN + ReLU', 'baseline', '收敛快', 'pooling', '全连接'])} |`);
    }
    return rows.join('\n');
  }
  image(): string {
    const r = this.r;
    this.stats.images++;
    const url = `https://raw.githubusercontent.com/example/Blog_images/main/pictures/20${r.int(22, 24)}${pad(r.int(1, 12))}${pad(r.int(1, 28))}${r.int(100000, 235959)}.png`;
    const alt = r.pick(['image.png|666', 'image.png', 'image.png|500', '', 'loss 曲线|600']);
    return `![${alt}](${url})`;
  }
  figureTable(): string {
    const r = this.r;
    const cells = Array.from({ length: r.int(2, 3) }, (_, i) => {
      this.stats.images++;
      return `    <td style="text-align:center;">\n      <img src="https://raw.githubusercontent.com/example/Blog_images/main/pictures/2023${pad(r.int(1, 12))}${pad(r.int(1, 28))}${r.int(100000, 235959)}.png" alt="Image ${i + 1}" style="width:500px;">\n      <p>${r.pick(['局部最优', '鞍点', '梯度消失', '训练集', '验证集', 'baseline'])}</p>\n    </td>`;
    });
    return `<table>\n  <tr>\n${cells.join('\n')}\n  </tr>\n</table>`;
  }
  callout(): string {
    const r = this.r;
    this.stats.callouts++;
    const fold = r.pick(['', '', '-', '+']);
    const title = r.pick(calloutTitles);
    const lines = [`> [!${r.pick(calloutTypes)}]${fold}${title ? ' ' + title : ''}`];
    for (let i = 0, n = r.int(1, 4); i < n; i++) lines.push(`> ${this.sentence(r.chance(0.3), 0.6)}`);
    if (r.chance(0.3)) lines.push('>', `> - ${this.inline()}`, `> - ${this.sentence(false, 0.5)}`);
    return lines.join('\n');
  }
  list(): string {
    const r = this.r;
    const marker = r.chance(0.7) ? '-' : '1.';
    return Array.from({ length: r.int(3, 6) }, () => `${marker} ${r.pick(['输出层', '倒二层', '隐藏层', 'Output layer', '输入层', '注意', '结论'])}：${this.inline()}${r.chance(0.5) ? ' ,其中' + this.inline() : ''}`).join('\n');
  }
  code(): string {
    const c = codeBlock(this.r);
    this.stats.fences++;
    this.stats.codeBytes += c.bytes;
    return c.text;
  }
}

function frontMatter(r: Random, index: number, topic: Topic, title: string): string {
  const day = new Date(Date.UTC(2022, 0, 1) + index * 4 * 86_400_000 + r.int(0, 86_399) * 1000);
  const stamp = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())} ${pad(day.getUTCHours())}:${pad(day.getUTCMinutes())}:${pad(day.getUTCSeconds())}`;
  const lines = ['---', `title: ${title}`, `date: ${stamp}`];
  const tags = r.shuffle(topic.tags).slice(0, r.int(1, topic.tags.length));
  if (r.chance(0.3)) lines.push(`tags: [${tags.join(', ')}]`);
  else lines.push('tags:', ...tags.map((t) => `    - ${t}`));
  lines.push(topic.categories.length === 1 || r.chance(0.5) ? `categories: ${topic.categories[0]}` : `categories:\n  - [${topic.categories.join(', ')}]`);
  if (r.chance(0.3)) lines.push('mathjax: true');
  lines.push('---', '');
  return lines.join('\n');
}

/** Note `index` with a body of about `target` bytes. */
export function generateRealNote(index: number, target: number, seed: number, fences: FenceStyle = 'seed'): { path: string; text: string; stats: RealNoteStats } {
  const r = createRandom(mixSeed(seed, 0x7ea1, index));
  const topic = r.pick(topics);
  const title = `${r.pick([topic.zh, topic.en])}${r.pick(['：从推导到代码', ' 详解', ' 学习笔记', '（实验记录）', ' notes'])} ${index + 1}`;
  const w = new Writer(r, fences);
  const head = frontMatter(r, index, topic, title);
  w.stats.bytes += Buffer.byteLength(head) + 1;

  w.push(w.paragraph(0.3));
  if (r.chance(0.6)) w.push(w.table());
  w.push(`>${r.pick(links)}`);
  w.push('<!-- more -->');

  const headings = [...topic.headings];
  let section = 0;
  while (w.bytes < target - 900) {
    const heading = headings[section % headings.length] ?? 'Notes';
    w.push(`${section % 3 === 0 ? '#' : section % 3 === 1 ? '##' : '###'} ${heading}${section >= headings.length ? ` ${Math.floor(section / headings.length) + 1}` : ''}`);
    section++;
    // A section: prose with inline math, then a random mix in which code and derivations dominate.
    w.push(w.paragraph());
    const parts = r.int(3, 6);
    for (let p = 0; p < parts && w.bytes < target; p++) {
      const pick = r.int(0, 99);
      if (pick < 28) w.push(w.code());
      else if (pick < 50) w.push(`${r.pick(displayLeadIns)}\n\n${w.derivation()}`);
      else if (pick < 64) w.push(w.paragraph());
      else if (pick < 71) w.push(w.list());
      else if (pick < 78) w.push(w.callout());
      else if (pick < 84) w.push(w.table());
      else if (pick < 92) w.push(w.image());
      else if (pick < 95) w.push(w.figureTable());
      else w.push(`>${r.pick(links)}`);
    }
  }
  const text = `${head}\n${w.blocks.join('\n\n')}\n`;
  const stats = { ...w.stats, bytes: Buffer.byteLength(text) };
  const stem = `${topic.en.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${pad(index + 1, 3)}`;
  return { path: `${topic.categories.join('/')}/${stem}.md`, text, stats };
}

const manifestPath = (out: string): string => `${resolve(out)}.manifest.json`;

/** Writes the corpus into `out` (replacing a previous one there; refuses a non-empty folder without a manifest). */
export function writeRealCorpus(out: string, notes = REAL_NOTES, seed = 1, fences: FenceStyle = 'seed'): RealManifest {
  const root = resolve(out);
  if (existsSync(root) && readdirSync(root).length > 0) {
    if (!existsSync(manifestPath(root))) throw new Error(`${root} is not empty and has no ${manifestPath(root)}: refusing to overwrite it`);
    rmSync(root, { recursive: true, force: true });
  }
  const sizes = targetSizes(notes, seed);
  const all: RealNoteStats[] = [];
  for (let i = 0; i < notes; i++) {
    const note = generateRealNote(i, sizes[i] ?? MEDIAN_BYTES, seed, fences);
    const file = join(root, note.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, note.text);
    all.push(note.stats);
  }
  const sum = (k: keyof RealNoteStats): number => all.reduce((a, s) => a + s[k], 0);
  const bytes = all.map((s) => s.bytes);
  const manifest: RealManifest = {
    seed,
    displayFences: fences,
    notes,
    bytes: sum('bytes'),
    minBytes: Math.min(...bytes),
    medianBytes: median(bytes) ?? 0,
    maxBytes: Math.max(...bytes),
    inline: sum('inline'),
    display: sum('display'),
    fences: sum('fences'),
    codeShare: sum('codeBytes') / sum('bytes'),
    tables: sum('tables'),
    images: sum('images'),
    callouts: sum('callouts'),
  };
  writeFileSync(manifestPath(root), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function main(): void {
  const { values } = parseArgs({ options: { notes: { type: 'string', default: String(REAL_NOTES) }, out: { type: 'string', default: 'bench-out/real-corpus' }, seed: { type: 'string', default: '1' }, fences: { type: 'string', default: 'seed' } } });
  if (values.fences !== 'seed' && values.fences !== 'own-line') throw new Error(`--fences: seed or own-line, got ${values.fences}`);
  const m = writeRealCorpus(values.out, Number(values.notes), Number(values.seed), values.fences);
  console.log(JSON.stringify(m, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
