using StreamRnn.Models;
using TorchSharp;

namespace StreamRnn.Models.Tests;

/// <summary>The cell equations written out step by step with plain tensor ops: ground truth for the library kernels.</summary>
internal static class ReferenceCell
{
    /// <summary>Runs one row (<c>[T, Channels]</c>) from a flat state (<c>[StateSize]</c>).</summary>
    public static (float[] Forecasts, float[] State) Run(RecurrentForecaster model, torch.Tensor row, torch.Tensor state)
    {
        var shape = model.Shape;
        var p = model.named_parameters().ToDictionary(x => x.name, x => (torch.Tensor)x.parameter);
        var size = shape.Layers * shape.HiddenSize;
        var h = Enumerable.Range(0, shape.Layers).Select(l => state.narrow(0, l * shape.HiddenSize, shape.HiddenSize)).ToArray();
        var c = shape.Cell == RecurrentCellKind.Lstm
            ? Enumerable.Range(0, shape.Layers).Select(l => state.narrow(0, size + (l * shape.HiddenSize), shape.HiddenSize)).ToArray()
            : [];
        var forecasts = new List<float>();
        for (var t = 0; t < row.shape[0]; t++)
        {
            var x = row[t];
            for (var l = 0; l < shape.Layers; l++)
            {
                var wi = p[$"_recurrent.weight_ih_l{l}"];
                var wh = p[$"_recurrent.weight_hh_l{l}"];
                var bi = p[$"_recurrent.bias_ih_l{l}"];
                var bh = p[$"_recurrent.bias_hh_l{l}"];
                var gi = wi.matmul(x) + bi;
                var gh = wh.matmul(h[l]) + bh;
                switch (shape.Cell)
                {
                    case RecurrentCellKind.Gru:
                    {
                        var i = gi.chunk(3);
                        var k = gh.chunk(3);
                        var r = (i[0] + k[0]).sigmoid();
                        var z = (i[1] + k[1]).sigmoid();
                        var n = (i[2] + (r * k[2])).tanh();
                        h[l] = ((1 - z) * n) + (z * h[l]);
                        break;
                    }

                    case RecurrentCellKind.Lstm:
                    {
                        var g = (gi + gh).chunk(4);
                        c[l] = (g[1].sigmoid() * c[l]) + (g[0].sigmoid() * g[2].tanh());
                        h[l] = g[3].sigmoid() * c[l].tanh();
                        break;
                    }

                    default:
                        h[l] = (gi + gh).tanh();
                        break;
                }

                x = h[l];
            }

            forecasts.AddRange((p["_head.weight"].matmul(x) + p["_head.bias"]).data<float>().ToArray());
        }

        var final = torch.cat([.. h, .. c]);
        return ([.. forecasts], final.data<float>().ToArray());
    }
}
