"""The business's reply templates. Every automated word a customer reads comes from here.

Placeholders are filled only with extracted facts and profile values; the model never
writes a reply. A shop overrides any template in its config ([business.templates]).
"""
from __future__ import annotations

import string
from typing import Mapping

DEFAULTS: dict[str, dict[str, str]] = {
    "en": {
        "ask_service": "Thanks for getting back to us! What's going on that we can help with?",
        "ask_address": "Got it. What's the address where you need the work done?",
        "ask_name": "Thanks! And who do we have the pleasure of helping? (your name)",
        "ask_preferred_time": "Thanks {name}. When would be a good time for us to come out?",
        "qualified": "Thanks {name}! We have what we need for the {service}. Someone from {business} will call you {callback} to set a time.",
        "out_of_area": "Thanks {name}. That address may be outside our usual service area; someone from {business} will call you {callback} to confirm.",
        "emergency_ack": "We're alerting our on-call technician right now and they will call you shortly.",
        "emergency_ask_address": "What's the address so the technician can head your way?",
        "emergency_followup": "Our on-call technician has been alerted and will call you shortly. If anyone is in danger, call 911.",
        "price": "Our {price_service} usually runs {price}. The technician confirms the exact price after seeing the job.",
        "price_unknown": "Pricing depends on the job; someone from {business} will go over it with you when they call.",
        "automated": "I'm {business}'s automated assistant; a person from our team reviews every conversation.",
        "no_advice": "I can't give legal or medical advice. If someone is hurt or unwell, call 911.",
        "wrong_number": "No problem, sorry for the bother!",
        "opt_out": "You're unsubscribed from {business} texts and won't get any more. Reply START to resubscribe.",
        "resubscribed": "You're resubscribed to texts from {business}. Reply STOP to opt out.",
        "help": "{business}: call us at {phone}. Reply STOP to stop texts. Msg & data rates may apply.",
    },
    "es": {
        "ask_service": "¡Gracias por escribirnos! ¿En qué le podemos ayudar?",
        "ask_address": "Entendido. ¿Cuál es la dirección donde necesita el servicio?",
        "ask_name": "¡Gracias! ¿Con quién tengo el gusto? (su nombre)",
        "ask_preferred_time": "Gracias {name}. ¿Cuándo le conviene que vayamos?",
        "qualified": "¡Gracias {name}! Ya tenemos lo necesario. Alguien de {business} le llamará {callback} para fijar la hora.",
        "out_of_area": "Gracias {name}. Esa dirección podría estar fuera de nuestra zona; alguien de {business} le llamará {callback} para confirmar.",
        "emergency_ack": "Estamos avisando ahora mismo a nuestro técnico de guardia y le llamará en breve.",
        "emergency_ask_address": "¿Cuál es la dirección para que el técnico vaya?",
        "emergency_followup": "Ya avisamos al técnico de guardia y le llamará en breve. Si alguien está en peligro, llame al 911.",
        "price": "Nuestro servicio de {price_service} suele costar {price}. El técnico confirma el precio exacto al ver el trabajo.",
        "price_unknown": "El precio depende del trabajo; alguien de {business} se lo explicará cuando le llame.",
        "automated": "Soy el asistente automático de {business}; una persona de nuestro equipo revisa cada conversación.",
        "no_advice": "No puedo dar consejos legales ni médicos. Si alguien está herido o se siente mal, llame al 911.",
        "wrong_number": "¡No se preocupe, disculpe la molestia!",
        "opt_out": "Ya no recibirá mensajes de {business}. Responda START para volver a suscribirse.",
        "resubscribed": "Volvió a suscribirse a los mensajes de {business}. Responda STOP para cancelar.",
        "help": "{business}: llámenos al {phone}. Responda STOP para dejar de recibir mensajes.",
    },
}

SAFETY: dict[str, dict[str, str]] = {
    "en": {
        "gas": "If you smell gas: leave the house now with everyone, don't flip switches or use anything that could spark, and call the gas company or 911 from outside.",
        "co": "Get everyone outside into fresh air now and call 911 from outside. Don't go back in until the fire department says it's safe.",
        "fire": "If there is smoke or fire, get everyone out and call 911. If it's safe to do so, switch the equipment off.",
        "electrical": "Stay well away from sparking or hanging wires and keep everyone clear. If wires are down outside, call the power company or 911.",
        "flooding": "If you can do it safely, shut off the main water valve, and keep away from water near outlets or electrical panels.",
        "sewage": "Keep everyone away from the sewage and stop using sinks, toilets and drains until we've been out.",
        "no_heat": "Keep everyone together in one warm room with extra layers. Never heat the house with an oven or grill. If anyone feels unwell, call 911.",
        "pipes_freezing": "If someone can get to the house safely, have them shut off the main water valve and open the cabinet doors under the sinks. Never thaw a pipe with an open flame.",
        "heat": "Move everyone to the coolest room or somewhere air-conditioned and drink water. If anyone feels faint or confused, call 911.",
        "structural": "Keep everyone out of the damaged area. If the house looks unsafe, get out and call 911.",
        "boiler_pressure": "If you can reach it safely, switch the boiler off at its switch and let it cool. Keep away from the relief valve and don't try to open or tighten anything on it.",
        "medical_power": "If the machine's backup battery is running low or anyone has trouble breathing, call 911 now. Tell the power company someone at home depends on medical equipment.",

        "no_water": "Keep everyone warm and use bottled or stored water for drinking. If someone at home needs water for medical care, such as dialysis, call their care team or 911.",
        "stock_at_risk": "Keep the cooler or freezer doors shut to hold the cold, and move what you can to another unit or onto ice.",
        "oil_leak": "Keep flames, cigarettes and anything that sparks away from the oil, keep people and pets away from the spill and air the house out. If the fumes make anyone feel unwell, get out and call 911.",
    },
    "es": {
        "gas": "Si huele a gas: salga de la casa ahora con todos, no prenda interruptores ni nada que haga chispa, y llame a la compañía de gas o al 911 desde afuera.",
        "co": "Salgan todos al aire libre ahora y llamen al 911 desde afuera. No vuelvan a entrar hasta que los bomberos digan que es seguro.",
        "fire": "Si hay humo o fuego, salgan todos y llamen al 911. Si es seguro, apague el equipo.",
        "electrical": "Manténganse lejos de los cables que echan chispas o cuelgan. Si hay cables caídos afuera, llame a la compañía de luz o al 911.",
        "flooding": "Si puede hacerlo con seguridad, cierre la llave principal del agua y aléjese del agua cerca de enchufes o del panel eléctrico.",
        "sewage": "Manténganse lejos de las aguas negras y no usen lavabos, inodoros ni drenajes hasta que vayamos.",
        "no_heat": "Reúnanse en un cuarto cálido con ropa abrigada. Nunca caliente la casa con el horno o un asador. Si alguien se siente mal, llame al 911.",
        "pipes_freezing": "Si alguien puede llegar a la casa con seguridad, que cierre la llave principal del agua y abra las puertas de los gabinetes bajo los lavabos. Nunca descongele un tubo con fuego.",
        "heat": "Vayan al cuarto más fresco o a un lugar con aire acondicionado y tomen agua. Si alguien se marea o se confunde, llame al 911.",
        "structural": "Manténganse fuera del área dañada. Si la casa parece insegura, salgan y llamen al 911.",
        "boiler_pressure": "Si puede llegar con seguridad, apague la caldera con su interruptor y deje que se enfríe. Aléjese de la válvula de alivio y no intente abrir ni apretar nada.",
        "medical_power": "Si la batería del equipo médico se está acabando o alguien tiene problemas para respirar, llame al 911 ahora. Avise a la compañía de luz que alguien en casa depende de equipo médico.",

        "no_water": "Manténganse abrigados y usen agua embotellada o guardada para tomar. Si alguien en casa necesita agua para su tratamiento, como diálisis, llame a su equipo médico o al 911.",
        "stock_at_risk": "Mantenga cerradas las puertas del refrigerador o congelador para conservar el frío, y pase lo que pueda a otra unidad o a hielo.",
        "oil_leak": "Mantenga lejos del aceite las llamas, los cigarros y todo lo que haga chispa, aleje a las personas y mascotas del derrame y ventile la casa. Si los vapores hacen sentir mal a alguien, salgan y llamen al 911.",
    },
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def render(key: str, language: str, facts: Mapping[str, str], overrides: Mapping[str, str] | None = None) -> str:
    """Fill one template. A shop's override wins; unknown placeholders stay empty, never raise."""
    language = language if language in DEFAULTS else "en"
    template = (overrides or {}).get(key) or DEFAULTS[language][key]
    text = string.Formatter().vformat(template, (), _Blank(facts))
    return " ".join(text.replace(" !", "!").replace(" .", ".").replace(" ,", ",").split())


def safety(hazard: str | None, language: str) -> str:
    language = language if language in SAFETY else "en"
    return SAFETY[language].get(hazard or "", "")
