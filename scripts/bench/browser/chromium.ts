/**
 * Chromium launch flags shared by `bench:browser` and `bench:demos`. Default: ANGLE on SwiftShader (WebGL on the
 * CPU, what a machine without a GPU has). `--gpu`: the machine's GPU — on Linux ANGLE over Vulkan with the GPU
 * blocklist ignored (headless Chromium otherwise falls back to SwiftShader) and WebGPU enabled; on macOS (Metal) and
 * Windows (D3D11) the platform's default ANGLE backend. Check the GL renderer string the benches print: it says
 * whether a run was on SwiftShader or a real GPU.
 */
export function chromiumArgs(gpu: boolean, platform: NodeJS.Platform = process.platform): string[] {
  if (!gpu) return ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--enable-unsafe-webgpu'];
  if (platform === 'linux') return ['--enable-gpu', '--use-angle=vulkan', '--enable-features=Vulkan', '--ignore-gpu-blocklist', '--enable-unsafe-webgpu'];
  return ['--enable-gpu', '--ignore-gpu-blocklist', '--enable-unsafe-webgpu'];
}
