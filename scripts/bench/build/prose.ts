/**
 * Word banks for the benchmark corpus: Chinese and English sentences on the topics of our users' notes, code
 * snippets, topics with their tags and categories. Written for the benchmark in our own words; what matters to a
 * build is their shape (mixed CJK and Latin text, math glued to CJK characters without spaces, links, lists), not
 * their literary merit.
 */

/** Sentences with no math. */
export const zhSentences: readonly string[] = [
  '训练开始之前，先把数据集划分成训练集、验证集和测试集，避免在调参时偷看测试结果。',
  '学习率过大时损失会来回震荡，过小则收敛得很慢，通常先用一个较大的值再逐步衰减。',
  '批归一化让每一层的输入分布更稳定，因此可以放心地使用更大的学习率。',
  '卷积层通过共享权重大幅减少了参数量，这也是它适合处理图像的原因之一。',
  '池化层没有可学习的参数，它只是对局部区域做最大值或平均值的汇总。',
  '残差连接让梯度可以绕过若干层直接传回去，缓解了深层网络难以训练的问题。',
  '循环神经网络在每个时间步复用同一组权重，所以能处理长度不固定的序列。',
  'LSTM 用输入门、遗忘门和输出门控制信息的流动，比普通 RNN 更能记住长距离的依赖。',
  'U-Net 的跳跃连接把编码器的高分辨率特征直接送到解码器，分割的边缘因此更清晰。',
  '混合精度训练可以节省显存，但要配合 GradScaler 防止梯度下溢成零。',
  '如果损失突然变成 nan，先检查输入里有没有异常值，再看学习率是不是设得太大。',
  '鞍点处梯度为零但并不是极小值，在高维空间里它比局部最小值常见得多。',
  '梯度消失时靠近输入的层几乎不更新，换用 ReLU 或者加上残差连接通常会有改善。',
  '迁移学习先在大数据集上预训练，再用少量目标数据微调最后几层。',
  '位置编码是固定的函数，而位置嵌入是一张可以学习的查找表，两者各有取舍。',
  '数据增强相当于免费扩充了训练集，随机裁剪和水平翻转是最常用的两种。',
  'Dropout 在训练时随机丢弃一部分神经元，推理时则要记得把它关掉。',
  '权重初始化不当会让前几轮的激活值全部饱和，训练就很难开始。',
  '验证集上的指标连续几轮不再提升时，可以提前停止训练，省下不少算力。',
  '把每一次实验的超参数和结果都记下来，之后回头对比会轻松很多。',
  '显存不够时可以减小 batch size，或者用梯度累积来模拟更大的批次。',
  '炼丹的经验往往来自失败的实验，所以日志一定要写清楚。',
  '丹炉就是框架，丹方就是网络结构，灵材则是数据集，真火是显卡。',
  '先在一个很小的子集上让模型过拟合，可以确认代码本身没有错误。',
  '优化器的选择会影响收敛速度，Adam 一般开箱即用，SGD 加动量则常常泛化得更好。',
  '学习率预热可以避免训练初期梯度过大导致的不稳定。',
  '模型越深，前向传播需要保存的中间结果越多，显存占用也就越大。',
  '反向传播本质上就是链式法则沿着计算图的逆序逐层展开。',
  '交叉熵损失和 softmax 搭配使用时，梯度的形式非常简洁。',
  '正则化项让权重保持较小的数值，从而降低过拟合的风险。',
  '感受野随着卷积层数的增加而变大，深层的特征因此能看到整张图。',
  '编码器负责压缩信息，解码器负责把压缩后的表示还原成需要的输出。',
  '注意力机制让模型自己决定该关注序列中的哪些位置。',
  '梯度裁剪是训练循环网络时防止梯度爆炸的常用手段。',
  '预训练模型的前几层学到的大多是边缘和纹理这样的通用特征。',
];

/** Sentences with one or two `{m}` slots, each filled with an inline formula. */
export const zhMathSentences: readonly string[] = [
  '假如激活函数取 sigmoid，即{m}，那么它的导数可以用自身来表示。',
  '记第{m}层的输出为激活后的结果，下标表示该层的第几个神经元。',
  '其中{m}表示学习率，通常取一个较小的正数。',
  '损失对权重的偏导{m}可以沿着计算图一步步求出来。',
  '卷积输出尺寸满足{m}，其中各符号分别是输入大小、核大小、填充和步长。',
  '令{m}，则上式可以进一步化简。',
  '当输入落在饱和区时，{m}几乎为零，梯度也就传不回去了。',
  '把{m}代入前一步的结果，就得到了误差项的递推关系。',
  '这里的{m}是一个很小的常数，用来避免除以零。',
  '对每个样本计算{m}，再在整个批次上取平均。',
  '隐藏状态按{m}逐步更新。',
  '权重{m}的上标表示层号，下标表示从哪个节点连到哪个节点。',
  '输出层的误差项为{m}。',
  '设输入为{m}，经过线性变换和激活函数得到下一层的输入。',
  '可以看到{m}和{m}只差一个常数因子。',
  '如果训练损失远小于验证损失，比如{m}已经很小而验证集还在上升，说明模型过拟合了。',
  '参数更新规则是{m}。',
  '注意{m}并不等于{m}，这一点经常被搞混。',
  '取{m}的卷积核时，参数量比全连接层少得多。',
];

/** English sentences with no math. */
export const enSentences: readonly string[] = [
  'In practice the first thing to check when training stalls is the scale of the gradients.',
  'A residual block adds its input back to its output, so the identity mapping is always easy to learn.',
  'Batch normalization keeps activations in a sensible range and lets us use larger learning rates.',
  'The receptive field grows with every convolution, which is why deep stacks see the whole image.',
  'Gradient clipping is a cheap insurance policy against exploding updates in recurrent models.',
  'Transfer learning reuses features learned on a large dataset and fine-tunes only the head.',
  'Sinusoidal encodings need no parameters, while learned embeddings adapt to the data.',
  'Mixed precision halves memory traffic, but the loss has to be scaled to keep small gradients alive.',
  'Saddle points, not local minima, are what usually slow down optimization in high dimensions.',
  'Always overfit a tiny batch first: if the loss does not go to zero, the bug is in the code.',
  'The encoder compresses the image, and the decoder upsamples it back using the skip connections.',
  'Weight decay and dropout attack overfitting from different directions.',
  'Keep a log of every run; the interesting result is usually the one nobody wrote down.',
  'A learning-rate schedule matters as much as the choice of optimizer.',
  'The chain rule is applied layer by layer, from the loss back to the input.',
];

/** English sentences with `{m}` slots. */
export const enMathSentences: readonly string[] = [
  'The derivative of the sigmoid is {m}, which is why it saturates.',
  'With {m} the update becomes a plain gradient step.',
  'Here {m} is the hidden state at the current time step.',
  'We write {m} for the loss of a single sample.',
  'For a 3×3 kernel with stride 1 and padding 1, {m} keeps the spatial size.',
  'Note that {m} holds for every layer except the last one.',
  'The gradient {m} is accumulated over the batch before the step.',
  'Setting {m} recovers the usual formulation.',
];

/** Lead-ins for display formulas. */
export const displayLeadIns: readonly string[] = [
  '推导过程如下：',
  '输出对权重求导：',
  '整理一下可以得到：',
  '写成矩阵形式就是',
  'Putting the pieces together:',
  'The full derivation:',
  '展开后：',
];

/** A topic: the words a note is about, its tags and its category path (which is also its folder). */
export interface Topic {
  zh: string;
  en: string;
  tags: readonly string[];
  categories: readonly string[];
  headings: readonly string[];
}

/** The topics of the seed note. */
export const topics: readonly Topic[] = [
  { zh: '多层感知机', en: 'MLP', tags: ['DeepLearning', 'MLP', '反向传播'], categories: ['Learn', '基础'],
    headings: ['前向传播', '反向传播', 'sigmoid 的导数', '推广到多层', 'Summary'] },
  { zh: '卷积神经网络', en: 'CNN', tags: ['DeepLearning', 'CNN'], categories: ['Learn', 'CV'],
    headings: ['卷积层', '输出尺寸', '池化', 'Padding and stride', '参数量'] },
  { zh: 'VGG 与 ResNet', en: 'ResNet', tags: ['CNN', 'ResNet', 'VGG'], categories: ['Learn', 'CV', 'Backbone'],
    headings: ['VGG16', 'BasicBlock', 'Bottleneck', '为什么残差有效', 'Notes'] },
  { zh: '循环神经网络', en: 'RNN', tags: ['RNN', 'LSTM', 'DeepLearning'], categories: ['Learn', 'NLP'],
    headings: ['RNN', 'LSTM', '门控机制', 'Gradient clipping', '小结'] },
  { zh: '图像分割 U-Net', en: 'U-Net', tags: ['U-Net', '图像分割'], categories: ['Learn', 'CV', 'Segmentation'],
    headings: ['编码器', '解码器', '跳跃连接', 'Dice loss', '实验记录'] },
  { zh: '损失变成 nan', en: 'NaN loss', tags: ['Debug', 'PyTorch', 'AMP'], categories: ['Debug'],
    headings: ['现象', '排查', 'GradScaler', 'Checklist', '结论'] },
  { zh: '优化的挑战', en: 'Optimization', tags: ['Optimization', '鞍点', '梯度消失'], categories: ['Learn', '优化'],
    headings: ['局部最优', '鞍点', '梯度消失', 'Momentum', 'Adam'] },
  { zh: '位置编码', en: 'Positional encoding', tags: ['Transformer', 'PE'], categories: ['Learn', 'NLP', 'Transformer'],
    headings: ['Position Embedding', 'Position Encoding', '两者的区别', 'Attention', '参考'] },
  { zh: '迁移学习', en: 'Transfer learning', tags: ['Transfer', 'Finetune'], categories: ['Learn'],
    headings: ['预训练', '微调', '冻结哪些层', 'Learning rate', '经验'] },
];

/** Reference links of the kind notes collect (made-up paths on real hosts). */
export const links: readonly string[] = [
  '[反向传播公式推导 - 博客园 (cnblogs.com)](https://www.cnblogs.com/example/p/backprop.html)',
  '[Deep Residual Learning (arxiv.org)](https://arxiv.org/abs/1512.03385)',
  '[U-Net 论文解读 - 知乎 (zhihu.com)](https://zhuanlan.zhihu.com/p/000000001)',
  '[11.1. 优化和深度学习 — 动手学深度学习 (d2l.ai)](https://zh.d2l.ai/chapter_optimization/optimization-intro.html)',
  '[Understanding LSTM Networks (colah.github.io)](https://colah.github.io/posts/2015-08-Understanding-LSTMs/)',
  '[Automatic Mixed Precision — PyTorch docs](https://pytorch.org/docs/stable/amp.html)',
  '[Attention Is All You Need (arxiv.org)](https://arxiv.org/abs/1706.03762)',
];

/** Python snippets; `{lr}`, `{epochs}` and `{k}` are filled per note so that no two notes share every byte. */
export const pythonSnippets: readonly string[] = [
  `import torch
from torch import nn

model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
optimizer = torch.optim.Adam(model.parameters(), lr={lr})
scaler = torch.cuda.amp.GradScaler()

for epoch in range({epochs}):
    for x, y in loader:
        optimizer.zero_grad()
        with torch.autocast("cuda", dtype=torch.float16):
            loss = nn.functional.cross_entropy(model(x), y)
        scaler.scale(loss).backward()  # 放大损失，避免梯度下溢
        scaler.step(optimizer)
        scaler.update()
    print(f"epoch {epoch}: loss={loss.item():.4f}")`,
  `def conv_output_size(w: int, f: int = {k}, p: int = 1, s: int = 1) -> int:
    """N = (W - F + 2P) / S + 1"""
    return (w - f + 2 * p) // s + 1

sizes = [224]
for _ in range({epochs}):
    sizes.append(conv_output_size(sizes[-1], s=2))
print(sizes)`,
  `import torch
from torch import nn

class BasicBlock(nn.Module):
    def __init__(self, c: int):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, {k}, padding={k} // 2, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, {k}, padding={k} // 2, bias=False)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + x)  # 残差连接`,
  `import numpy as np

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))

w = np.random.randn({k}, {k}) * 0.01
lr = {lr}
for step in range({epochs}):
    o = sigmoid(x @ w)
    delta = (o - t) * o * (1 - o)
    w -= lr * x.T @ delta`,
];

/** TypeScript snippets (template literals included: a `$` inside code must stay code). */
export const tsSnippets: readonly string[] = [
  `export function convOutputSize(w: number, f = {k}, p = 1, s = 1): number {
  // N = (W - F + 2P) / S + 1
  return Math.floor((w - f + 2 * p) / s) + 1;
}

for (let epoch = 0; epoch < {epochs}; epoch++) {
  console.log(\`epoch \${epoch}: size=\${convOutputSize(224 >> epoch)}\`);
}`,
  `const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const dSigmoid = (x: number): number => sigmoid(x) * (1 - sigmoid(x));

const lr = {lr};
let w = 0.5;
for (let step = 0; step < {epochs}; step++) {
  const o = sigmoid(w * 2);
  w -= lr * (o - 1) * dSigmoid(w * 2) * 2;
}
console.log(\`w = \${w.toFixed(4)}, cost $\${(w * {k}).toFixed(2)}\`);`,
  `interface LayerShape {
  channels: number;
  height: number;
  width: number;
}

export function pool(shape: LayerShape, k = {k}): LayerShape {
  return { ...shape, height: Math.floor(shape.height / k), width: Math.floor(shape.width / k) };
}`,
];
