package org.layeranchor.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.layeranchor.encoder.EncoderException;

class LayerDiscoveryTest {
    private static Optional<LayerDiscovery.BlockScope> scopeOfName(String name) {
        return LayerDiscovery.blockScopeOf(NodeProto.newBuilder().setName(name).setOpType("Add").build());
    }

    @Test
    void blockScopesAreReadFromExporterNodeNames() {
        assertEquals(Optional.of(new LayerDiscovery.BlockScope("encoder/layers", 3)),
                scopeOfName("/wavlm/encoder/layers.3/attention/Add_2"));
        assertEquals(Optional.of(new LayerDiscovery.BlockScope("encoder/layers", 11)),
                scopeOfName("/encoder/layers.11/final_layer_norm/LayerNormalization"));
        assertEquals(Optional.of(new LayerDiscovery.BlockScope("encoder/layer", 0)),
                scopeOfName("/bert/encoder/layer.0/output/Add"));
        assertEquals(Optional.of(new LayerDiscovery.BlockScope("encoder/layers", 2)),
                scopeOfName("encoder/layers/2/Add"));
        assertEquals(Optional.of(new LayerDiscovery.BlockScope("layers", 5)), scopeOfName("layers.5.fc1.MatMul"));
        assertEquals(Optional.of(new LayerDiscovery.BlockScope("model/blocks", 1)), scopeOfName("/model/blocks.1/Add"));
    }

    @Test
    void convolutionalFeatureEncoderLayersAreNotBlocks() {
        assertEquals(Optional.empty(), scopeOfName("/wav2vec2/feature_extractor/conv_layers.0/conv/Conv"));
        assertEquals(Optional.empty(), scopeOfName("/encoder/layer_norm/LayerNormalization"));
        assertEquals(Optional.empty(), scopeOfName("Add_123"));
        assertEquals(Optional.empty(), scopeOfName(""));
    }

    @Test
    void dynamoExporterScopeMetadataIsReadWhenTheNameSaysNothing() {
        NodeProto node = NodeProto.newBuilder().setName("node_Add_42").setOpType("Add")
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("pkg.torch.onnx.name_scopes")
                        .setValue("['', 'encoder', 'encoder.layers.4', 'encoder.layers.4.feed_forward']"))
                .build();
        assertEquals(Optional.of(new LayerDiscovery.BlockScope("encoder/layers", 4)), LayerDiscovery.blockScopeOf(node));
    }

    @Test
    void theEncoderStackWinsOverAnEquallyLongDecoderStack() throws EncoderException {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(2));
        GraphProto encoder = tiny.model().getGraph();
        GraphProto.Builder both = encoder.toBuilder();
        for (NodeProto n : encoder.getNodeList()) {
            if (n.getName().startsWith("/encoder/")) {
                NodeProto.Builder copy = n.toBuilder().setName(n.getName().replace("/encoder/", "/decoder/"));
                for (int i = 0; i < n.getInputCount(); i++) {
                    copy.setInput(i, n.getInput(i).replace("/encoder/", "/decoder/"));
                }
                for (int i = 0; i < n.getOutputCount(); i++) {
                    copy.setOutput(i, n.getOutput(i).replace("/encoder/", "/decoder/"));
                }
                both.addNode(copy);
            }
        }
        DiscoveredLayers found = LayerDiscovery.discover(both.build(), "encoder-decoder");
        assertEquals(tiny.layerTensors(), found.tensors());
        assertTrue(found.detail().contains("encoder/layers"), found.detail());
    }

    @Test
    void blocksThatDoNotStartAtZeroFallBackToTheResidualChain() throws EncoderException {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(2));
        GraphProto.Builder renumbered = tiny.model().getGraph().toBuilder();
        for (int i = 0; i < renumbered.getNodeCount(); i++) {
            NodeProto n = renumbered.getNode(i);
            renumbered.setNode(i, n.toBuilder().setName(n.getName().replace("layers.0", "layers.5").replace("layers.1", "layers.6")));
        }
        DiscoveredLayers found = LayerDiscovery.discover(renumbered.build(), "renumbered");
        assertEquals(DiscoveredLayers.Rule.RESIDUAL_CHAIN, found.rule());
        assertEquals(tiny.layerTensors(), found.tensors());
    }

    @Test
    void byHandNeedsAtLeastTwoTensors() {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(1));
        EncoderException e = assertThrows(EncoderException.class,
                () -> LayerDiscovery.byHand(tiny.model().getGraph(), List.of(tiny.layerTensors().get(0)), "tiny"));
        assertTrue(e.getMessage().contains("at least two"), e.getMessage());
    }
}
