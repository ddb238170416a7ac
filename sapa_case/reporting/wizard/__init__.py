from . import sapa_simfoni_export
