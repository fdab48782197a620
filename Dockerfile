# syntax=docker/dockerfile:1
# The StreamRnn silo image. Multi-stage: the SDK builds and publishes the silo, the ASP.NET runtime
# image runs it as a non-root user. One file for both variants (docs/DEPLOY.md#images):
#   docker build -t streamrnn-silo .                                         # CPU (TorchSharp-cpu)
#   docker build --build-arg TORCH_BACKEND=cuda -t streamrnn-silo-cuda .     # CUDA (TorchSharp-cuda-linux)
# The CUDA build needs a NuGet feed that serves TorchSharp-cuda-linux, and nodes with NVIDIA's driver
# and container toolkit; libtorch brings its own CUDA libraries. No test builds this image (there is
# no container runtime on the build machines); tests/StreamRnn.Deploy.Tests checks its structure.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
# cpu or cuda: Directory.Build.props' TorchBackend switch.
ARG TORCH_BACKEND=cpu
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY contracts/ contracts/
COPY grains/ grains/
COPY silo/ silo/
RUN dotnet restore silo/StreamRnn.Silo/StreamRnn.Silo.csproj -p:TorchBackend=${TORCH_BACKEND}
RUN dotnet publish silo/StreamRnn.Silo/StreamRnn.Silo.csproj --no-restore -c Release -o /app \
        -p:TorchBackend=${TORCH_BACKEND} -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build --chown=root:root /app ./
# The health, probe and /metrics port (the silo's Urls); the silo and gateway ports (Cluster:SiloPort,
# Cluster:GatewayPort).
ENV Urls=http://+:8088
EXPOSE 8088 11111 30000
# The runtime image's unprivileged user (APP_UID); numeric, so Kubernetes' runAsNonRoot can check it.
USER 1654
ENTRYPOINT ["dotnet", "StreamRnn.Silo.dll"]
